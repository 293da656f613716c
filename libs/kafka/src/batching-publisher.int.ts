import { TopicReader, uniqueId } from '@casewatch/testing';
import type { Kafka, Producer } from 'kafkajs';
import { BatchingPublisher, MessageTooLargeError, PublishError } from './batching-publisher';
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

  it('sends a publish larger than a partition takes in one request (3 MB for one key) as several requests, in order', async () => {
    const mark = await reader.mark();
    const pad = 'x'.repeat(480);
    const messages = Array.from({ length: 6000 }, (_, i) => ({ key: i % 3 === 0 ? 'other' : 'child-1', value: `${i} ${pad}` }));
    await publisher.publish(topic, messages);
    const read = await reader.readSince(mark);
    expect(read).toHaveLength(6000);
    for (const key of ['child-1', 'other']) {
      expect(read.filter((m) => m.key === key).map((m) => m.value)).toEqual(messages.filter((m) => m.key === key).map((m) => m.value));
    }
  });

  it('refuses a message larger than a partition takes, sending nothing of its publish', async () => {
    const mark = await reader.mark();
    const publish = publisher.publish(topic, [
      { key: 'k', value: 'small' },
      { key: 'k', value: 'x'.repeat(1_100_000) },
    ]);
    await expect(publish).rejects.toBeInstanceOf(MessageTooLargeError);
    await expect(publish).rejects.toMatchObject({ index: 1, mayBePublished: false });
    await publisher.publish(topic, [{ key: 'k', value: 'after' }]);
    expect((await reader.readSince(mark)).map((m) => m.value)).toEqual(['after']);
  });

  it('tells a caller timed out in the queue that nothing was sent, and one timed out in flight that it may be on the topic', async () => {
    // The broker writes the first request, but its acknowledgement waits for `release`.
    let release!: () => void;
    const acknowledgement = new Promise<void>((resolve) => (release = resolve));
    let written!: () => void;
    const inFlight = new Promise<void>((resolve) => (written = resolve));
    let hold = true;
    const slowKafka = Object.create(kafka) as Kafka;
    slowKafka.producer = (config) => {
      const producer: Producer = kafka.producer(config);
      const sendBatch = producer.sendBatch.bind(producer);
      producer.sendBatch = async (batch) => {
        const result = await sendBatch(batch);
        if (hold) {
          hold = false;
          written();
          await acknowledgement;
        }
        return result;
      };
      return producer;
    };
    const slow = new BatchingPublisher(slowKafka, { publishTimeoutMs: 1000 });
    try {
      const mark = await reader.mark();
      const first = slow.publish(topic, [{ key: 'k', value: 'in flight' }]).catch((e: PublishError) => e);
      await inFlight;
      const second = slow.publish(topic, [{ key: 'k', value: 'queued' }]).catch((e: PublishError) => e);

      const queued = await second;
      expect(queued).toBeInstanceOf(PublishError);
      expect(queued).toMatchObject({ mayBePublished: false });
      const late = await first;
      expect(late).toBeInstanceOf(PublishError);
      expect(late).toMatchObject({ mayBePublished: true });
      release();
      await expect((late as PublishError).lateOutcome).resolves.toBe(true);

      await slow.publish(topic, [{ key: 'k', value: 'next' }]);
      expect((await reader.readSince(mark)).map((m) => m.value)).toEqual(['in flight', 'next']);
    } finally {
      release();
      await slow.disconnect();
    }
  });

  it('refuses an existing topic whose partition count differs from the spec', async () => {
    const admin = kafka.admin();
    await admin.connect();
    await expect(ensureTopics(admin, [{ name: topic, partitions: 4, configs: {} }])).rejects.toThrow(`topic ${topic} has 3 partitions, expected 4`);
    await admin.disconnect();
  });
});
