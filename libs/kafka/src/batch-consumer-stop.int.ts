import { uniqueId, waitFor } from '@casewatch/testing';
import type { KafkaMessage } from 'kafkajs';
import { BatchConsumer } from './batch-consumer';
import { BatchingPublisher } from './batching-publisher';
import { createKafkaClient } from './kafka-client';
import { ensureTopics } from './topics';

jest.setTimeout(60_000);

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

/**
 * Offsets go to Kafka every few seconds while running; what was handled since the last of those
 * commits is committed when the consumer stops, so the group's committed offsets (lag monitoring,
 * the start of a group with nothing stored) do not fall behind what was applied.
 */
describe('BatchConsumer against a real broker', () => {
  const kafka = createKafkaClient({ brokers: BROKERS, clientId: 'batch-consumer-test' });
  const topic = uniqueId('test-batch-consumer');
  const groupId = uniqueId('test-batch-consumer-group');
  const publisher = new BatchingPublisher(kafka);

  beforeAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [{ name: topic, partitions: 1, configs: {} }]);
    await admin.disconnect();
  });

  afterAll(async () => {
    await publisher.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] });
    await admin.disconnect();
  });

  it('commits the offsets it handled since the last interval commit when it stops', async () => {
    const handled: KafkaMessage[] = [];
    const consumer = new BatchConsumer(kafka, publisher, {
      groupId,
      topics: [topic],
      deadLetterTopic: `${topic}-dlq`,
      handle: async (batch) => void handled.push(...batch.messages),
    });
    await consumer.start();
    await waitFor(async () => consumer.isJoined, { what: 'consumer joined' });
    // The first batch is committed at once (no commit yet); the next ones fall within the interval.
    await publisher.publish(topic, [{ key: 'k', value: 'first' }]);
    await waitFor(async () => handled.length === 1, { what: 'first message handled' });
    await publisher.publish(topic, [
      { key: 'k', value: 'second' },
      { key: 'k', value: 'third' },
    ]);
    await waitFor(async () => handled.length === 3, { what: 'later messages handled' });
    await consumer.stop();

    const admin = kafka.admin();
    await admin.connect();
    try {
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      expect(committed.partitions).toEqual([expect.objectContaining({ partition: 0, offset: '3' })]);
    } finally {
      await admin.disconnect();
    }
  });
});
