import { uniqueId } from '@casewatch/testing';
import { BatchingPublisher } from './batching-publisher';
import { createKafkaClient } from './kafka-client';
import { ensureTopics } from './topics';

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
// kafkajs' own default bound, which the publisher relies on instead of naming it (see PUBLISHER_RETRY).
const kafkajsRetryDefaults = require('kafkajs/src/retry/defaults') as { retries: number };

describe('kafkajs start-up warnings', () => {
  it('the publisher and a plain producer start without a warning from kafkajs', async () => {
    const lines: string[] = [];
    const kafka = createKafkaClient({
      brokers: BROKERS,
      clientId: 'start-up-warnings-test',
      // Debug lines (a broker's error responses, retried) are not warnings.
      log: (level, message) => level !== 'debug' && lines.push(`${level} ${message}`),
    });
    const topic = uniqueId('test-warnings');
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [{ name: topic, partitions: 1, configs: {} }]);

    const publisher = new BatchingPublisher(kafka);
    await publisher.publish(topic, [{ key: 'k', value: 'v' }]);
    await publisher.disconnect();
    const plain = kafka.producer({ allowAutoTopicCreation: false });
    await plain.connect();
    await plain.send({ topic, messages: [{ key: 'k', value: 'w' }] });
    await plain.disconnect();

    await admin.deleteTopics({ topics: [topic] });
    await admin.disconnect();
    expect(lines).toEqual([]);
  });

  it('an idle connection does not poll its request queue (kafkajs#1704, patched in patches/)', async () => {
    const RequestQueue = require('kafkajs/src/network/requestQueue') as { prototype: { checkPendingRequests: () => void } };
    const check = jest.spyOn(RequestQueue.prototype, 'checkPendingRequests');
    const kafka = createKafkaClient({ brokers: BROKERS, clientId: 'idle-queue-test' });
    const admin = kafka.admin();
    await admin.connect();
    await admin.listTopics();
    check.mockClear();
    // Unpatched, every connection re-checks its empty queue each millisecond (a negative delay).
    await new Promise((resolve) => setTimeout(resolve, 300));
    const idleChecks = check.mock.calls.length;
    await admin.disconnect();
    check.mockRestore();
    expect(idleChecks).toBeLessThan(5);
  });

  it('the publisher keeps a bound of 5 retries (kafkajs default)', () => {
    expect(kafkajsRetryDefaults.retries).toBe(5);
  });
});
