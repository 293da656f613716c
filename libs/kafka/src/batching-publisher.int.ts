import { TopicReader, uniqueId } from '@casewatch/testing';
import { BatchingPublisher } from './batching-publisher';
import { createKafkaClient } from './kafka-client';
import { ensureTopics } from './topics';

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

describe('BatchingPublisher against a real broker', () => {
  const kafka = createKafkaClient({ brokers: BROKERS, clientId: 'publisher-test' });
  const topic = uniqueId('test-publisher');
  let publisher: BatchingPublisher;
  let reader: TopicReader;

  beforeAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [{ name: topic, partitions: 3, configs: {} }]);
    await admin.disconnect();
    publisher = new BatchingPublisher(kafka);
    reader = new TopicReader(topic);
  });

  afterAll(async () => {
    await publisher.disconnect();
    await reader.close();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] });
    await admin.disconnect();
  });

  it('combines concurrent publishes and keeps each key in order', async () => {
    const mark = await reader.mark();
    const calls = Array.from({ length: 50 }, (_, i) =>
      publisher.publish(topic, [
        { key: `k${i % 5}`, value: `${i}-a` },
        { key: `k${i % 5}`, value: `${i}-b` },
      ]),
    );
    await Promise.all(calls);
    const messages = await reader.readSince(mark);
    expect(messages).toHaveLength(100);
    for (let k = 0; k < 5; k++) {
      const values = messages.filter((m) => m.key === `k${k}`).map((m) => m.value);
      const expected = Array.from({ length: 10 }, (_, j) => j * 5 + k).flatMap((i) => [`${i}-a`, `${i}-b`]);
      expect(values).toEqual(expected);
    }
  });

  it('refuses an existing topic whose partition count differs from the spec', async () => {
    const admin = kafka.admin();
    await admin.connect();
    await expect(ensureTopics(admin, [{ name: topic, partitions: 4, configs: {} }])).rejects.toThrow(
      `topic ${topic} has 3 partitions, expected 4`,
    );
    await admin.disconnect();
  });
});
