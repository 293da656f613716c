import type { Kafka } from 'kafkajs';

export interface BareConsumerOptions {
  topic: string;
  /** Messages to read; the rate is over them. */
  count: number;
  /** A group of its own for each run (a fresh group reads from the start or from `from`). */
  groupId: string;
  /** Where to begin per partition (e.g. the offsets before a bench's events); else the beginning. */
  from?: readonly { partition: number; high: string }[];
}

/**
 * A bare kafkajs eachBatch consumer that only parses the JSON of the messages: the rate a service's
 * replay is compared with, measured in the same run over the same messages. `cpuSeconds` is this
 * process's CPU meanwhile (the consumer runs in it).
 */
export async function bareConsumerRate(kafka: Kafka, o: BareConsumerOptions): Promise<{ eventsPerSecond: number; cpuSeconds: number }> {
  const cpu = process.cpuUsage();
  const consumer = kafka.consumer({ groupId: o.groupId });
  await consumer.connect();
  await consumer.subscribe({ topic: o.topic, fromBeginning: true });
  let seen = 0;
  const started = Date.now();
  await new Promise<void>((done) => {
    void consumer.run({
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) {
          try {
            JSON.parse(m.value?.toString() ?? 'null');
          } catch {
            // the topic holds the tests' deliberate garbage too
          }
        }
        seen += batch.messages.length;
        if (seen >= o.count) done();
      },
    });
    for (const m of o.from ?? []) consumer.seek({ topic: o.topic, partition: m.partition, offset: m.high });
  });
  const seconds = (Date.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  await consumer.disconnect();
  return { eventsPerSecond: o.count / seconds, cpuSeconds: (used.user + used.system) / 1e6 };
}
