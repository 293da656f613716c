import { Kafka, logLevel, type Admin } from 'kafkajs';

export interface ReadMessage {
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

/**
 * Reads a topic's messages between two moments in tests: `mark()` remembers the end offsets,
 * `readSince()` fetches what was appended after, without a consumer group.
 */
export class TopicReader {
  private readonly kafka: Kafka;
  private admin: Admin | undefined;

  constructor(
    private readonly topic: string,
    brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
  ) {
    // A plain client: this lib is below @casewatch/kafka, whose own tests use it.
    this.kafka = new Kafka({ brokers: brokers.split(','), clientId: 'casewatch-test-reader', logLevel: logLevel.ERROR });
  }

  async mark(): Promise<Map<number, string>> {
    const admin = await this.getAdmin();
    // On a fresh broker the services create the topics when they start, which may be after this:
    // a topic not there yet holds nothing, so everything appended later is after the mark.
    if (!(await admin.listTopics()).includes(this.topic)) return new Map();
    const offsets = await admin.fetchTopicOffsets(this.topic);
    return new Map(offsets.map((o) => [o.partition, o.high]));
  }

  async readSince(mark: Map<number, string>, filter: (m: ReadMessage) => boolean = () => true): Promise<ReadMessage[]> {
    const admin = await this.getAdmin();
    const ends = await admin.fetchTopicOffsets(this.topic);
    const wanted = ends.filter((e) => BigInt(e.high) > BigInt(mark.get(e.partition) ?? '0'));
    if (wanted.length === 0) return [];
    const remaining = new Map(wanted.map((e) => [e.partition, BigInt(e.high)]));
    const consumer = this.kafka.consumer({ groupId: `test-reader-${Date.now()}-${Math.random()}` });
    const found: ReadMessage[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: this.topic });
      const done = new Promise<void>((resolve) => {
        void consumer.run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const end = remaining.get(partition);
            if (end === undefined) return;
            const m: ReadMessage = {
              partition,
              offset: message.offset,
              key: message.key?.toString() ?? null,
              value: message.value?.toString() ?? null,
              headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, v?.toString() ?? ''])),
            };
            if (filter(m)) found.push(m);
            if (BigInt(message.offset) + 1n >= end) {
              remaining.delete(partition);
              if (remaining.size === 0) resolve();
            }
          },
        });
      });
      consumer.on(consumer.events.GROUP_JOIN, () => {
        for (const e of wanted) consumer.seek({ topic: this.topic, partition: e.partition, offset: mark.get(e.partition) ?? '0' });
      });
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('read timed out')), 30_000);
      });
      await Promise.race([done, timeout]).finally(() => clearTimeout(timer));
    } finally {
      await consumer.disconnect();
    }
    return found;
  }

  async close(): Promise<void> {
    await this.admin?.disconnect();
  }

  private async getAdmin(): Promise<Admin> {
    if (!this.admin) {
      this.admin = this.kafka.admin();
      await this.admin.connect();
    }
    return this.admin;
  }
}
