import type { Kafka } from 'kafkajs';
import { BatchingPublisher, PublishError } from './batching-publisher';

/** A broker whose metadata answer leaves a topic out (or gives it no partitions yet, while it is created). */
function kafkaWithMetadata(topics: { name: string; partitions: unknown[] }[]): Kafka {
  const admin = { connect: async () => undefined, disconnect: async () => undefined, fetchTopicMetadata: async () => ({ topics }) };
  const producer = { connect: async () => undefined, disconnect: async () => undefined, send: async () => [] };
  return { admin: () => admin, producer: () => producer } as unknown as Kafka;
}

describe('BatchingPublisher when the broker knows no partitions of the topic', () => {
  it.each([
    ['left out of the answer', []],
    ['without partitions yet', [{ name: 'dead-letters', partitions: [] }]],
  ])('fails the publish with a PublishError, %s', async (_, topics) => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const publisher = new BatchingPublisher(kafkaWithMetadata(topics), { publishTimeoutMs: 5000 });
    try {
      const outcome = publisher.publish('dead-letters', [{ key: 'k', value: 'v' }]);
      await expect(outcome).rejects.toThrow(PublishError);
      await expect(outcome).rejects.toThrow('no partitions known for dead-letters; nothing was sent');
      await new Promise((r) => setImmediate(r));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await publisher.disconnect();
    }
  });
});
