import { Kafka, Partitioners, logLevel, type LogEntry, type ProducerConfig, type SASLOptions } from 'kafkajs';
import { kafkajsLevel, type LogLevelName } from './kafkajs-log';

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  /** Receives kafkajs log lines; services pass their own logger. */
  log?: (level: LogLevelName, message: string, extra: Record<string, unknown>) => void;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  ssl?: boolean;
  sasl?: SASLOptions;
}

/**
 * kafkajs with its partitioner chosen explicitly: the v2 default (murmur2, as the Java client), which
 * every producer here has always used. Left unset, kafkajs warns at each start that it changed in v2.
 */
class ExplicitPartitionerKafka extends Kafka {
  override producer(config: ProducerConfig = {}) {
    return super.producer({ createPartitioner: Partitioners.DefaultPartitioner, ...config });
  }
}

/** The one place a kafkajs client is built; services never call `new Kafka` themselves. */
export function createKafkaClient(options: KafkaClientOptions): Kafka {
  const log = options.log;
  return new ExplicitPartitionerKafka({
    clientId: options.clientId,
    brokers: options.brokers,
    ssl: options.ssl,
    sasl: options.sasl,
    connectionTimeout: options.connectionTimeoutMs ?? 3000,
    requestTimeout: options.requestTimeoutMs ?? 10000,
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => {
      const { message, ...extra } = entry.log;
      log?.(kafkajsLevel(entry), `${entry.namespace}: ${message}`, extra);
    },
  });
}

export function parseBrokers(value: string): string[] {
  return value
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
}
