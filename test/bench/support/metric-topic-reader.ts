import type { Consumer, Kafka } from 'kafkajs';

const METRICS_TOPIC = 'csc.metrics.v1';

/** End offsets of a topic per partition: what was there before a run. */
export async function endOffsets(kafka: Kafka, topic: string): Promise<Map<number, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, Number(o.high)]));
  } finally {
    await admin.disconnect();
  }
}

/** Messages on a topic (high minus low offsets, summed over its partitions). */
export async function topicSize(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((sum, o) => sum + Number(o.high) - Number(o.low), 0);
  } finally {
    await admin.disconnect();
  }
}

/**
 * A plain kafkajs reader of csc.metrics.v1, as another service would follow it: it keeps, for one
 * tenant's keys written after `from` (offsets per partition), each message's produce time, its
 * `figure` header and the distinct keys seen.
 */
export class MetricTopicReader {
  /** Produce timestamps (ms) of the tenant's messages, in arrival order. */
  readonly times: number[] = [];
  readonly keys = new Set<string>();
  readonly kinds = new Map<string, number>();
  /** When each distinct key was first produced. */
  readonly firstSeen: number[] = [];
  private readonly consumer: Consumer;

  constructor(
    kafka: Kafka,
    readonly groupId: string,
    private readonly tenant: string,
    private readonly from: Map<number, number>,
  ) {
    this.consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: METRICS_TOPIC, fromBeginning: true });
    const prefix = `${this.tenant}:`;
    await this.consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const from = this.from.get(batch.partition) ?? 0;
        for (const m of batch.messages) {
          const key = m.key?.toString() ?? '';
          if (Number(m.offset) < from || !key.startsWith(prefix)) continue;
          const at = Number(m.timestamp);
          this.times.push(at);
          const kind = m.headers?.figure?.toString() ?? 'none';
          this.kinds.set(kind, (this.kinds.get(kind) ?? 0) + 1);
          if (!this.keys.has(key)) {
            this.keys.add(key);
            this.firstSeen.push(at);
          }
        }
      },
    });
  }

  /** Messages produced in [from, to). */
  countBetween(from: number, to: number): number {
    return this.times.filter((t) => t >= from && t < to).length;
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}
