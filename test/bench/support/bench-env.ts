import { Kafka, logLevel } from 'kafkajs';

/**
 * BENCH_KEEP=1 (or true): the bench keeps what it made (databases; scripts/bench.sh keeps the
 * run's broker data and Redis keys too), e.g. to look at them after a surprising figure.
 */
export function keepBenchData(): boolean {
  return ['1', 'true'].includes(process.env.BENCH_KEEP ?? '');
}

/**
 * The run's own broker, which scripts/bench.sh starts and removes (KAFKA_BROKERS). Without it a
 * bench would fill the shared broker's topics with events nobody removes, so it refuses to start.
 */
export function benchBrokers(): string[] {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) throw new Error('KAFKA_BROKERS is not set: run benches with `npm run bench:<name>`, which gives each run a broker of its own');
  return brokers.split(',');
}

export function benchKafka(clientId = 'casewatch-bench'): Kafka {
  return new Kafka({ brokers: benchBrokers(), clientId, logLevel: logLevel.ERROR });
}
