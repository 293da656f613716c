import { Kafka, logLevel, type Admin } from 'kafkajs';
import { benchBrokers } from './bench-env';

const TOPIC = 'bench.warm-up';
const MESSAGES = 50_000;
const BATCH = 2500;
const SINGLES = 300;

/**
 * Warms a fresh bench broker's JVM before the bench measures anything: 50,000 messages produced
 * (acks=all, idempotent, as the services send) and fetched on a scratch topic, then removed. On a
 * broker started seconds before, single sends had a p99 of 172 ms, and 96 ms after this (load 14).
 * It never fails the run: a warm-up that goes wrong is reported and skipped.
 */
/**
 * Until every partition of the new topic has a leader in the broker's metadata. kafkajs'
 * `waitForLeaders` gives up at the first "does not host this topic-partition", which a fresh broker
 * under load answers for a while.
 */
async function leadersKnown(admin: Admin): Promise<void> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
    const meta = await admin.fetchTopicMetadata({ topics: [TOPIC] }).catch(() => undefined);
    const partitions = meta?.topics[0]?.partitions ?? [];
    if (partitions.length === 12 && partitions.every((p) => p.leader >= 0)) return;
  }
  throw new Error(`no leaders for ${TOPIC} after 60 s`);
}

export async function warmBroker(): Promise<void> {
  await warm().catch((err: Error) => process.stderr.write(`broker warm-up skipped: ${err.message}\n`));
}

async function warm(): Promise<void> {
  const kafka = new Kafka({ brokers: benchBrokers(), clientId: 'bench-warm-up', logLevel: logLevel.NOTHING, retry: { retries: 10, maxRetryTime: 10_000 } });
  const admin = kafka.admin();
  await admin.connect();
  const group = `bench-warm-up-${Date.now()}`;
  try {
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 12 }], waitForLeaders: false });
    await leadersKnown(admin);
    const producer = kafka.producer({ idempotent: true, allowAutoTopicCreation: false });
    await producer.connect();
    const value = 'x'.repeat(400);
    for (let sent = 0; sent < MESSAGES; sent += BATCH) {
      await producer.send({ topic: TOPIC, acks: -1, messages: Array.from({ length: BATCH }, (_, i) => ({ key: String(sent + i), value })) });
    }
    for (let i = 0; i < SINGLES; i++) await producer.send({ topic: TOPIC, acks: -1, messages: [{ key: String(i), value }] });
    await producer.disconnect();
    const consumer = kafka.consumer({ groupId: group, allowAutoTopicCreation: false });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    let seen = 0;
    await new Promise<void>((done) => {
      // A warm-up, not a check: it never holds the bench up for long.
      setTimeout(done, 60_000).unref();
      void consumer.run({
        eachBatch: async ({ batch }) => {
          seen += batch.messages.length;
          if (seen >= MESSAGES + SINGLES) done();
        },
      });
    });
    await consumer.disconnect();
  } finally {
    await admin.deleteTopics({ topics: [TOPIC] }).catch(() => undefined);
    await admin.deleteGroups([group]).catch(() => undefined);
    await admin.disconnect();
  }
}
