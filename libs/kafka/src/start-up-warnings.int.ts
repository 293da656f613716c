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
      log: (level, message) => lines.push(`${level} ${message}`),
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

  it('the publisher keeps a bound of 5 retries (kafkajs default)', () => {
    expect(kafkajsRetryDefaults.retries).toBe(5);
  });
});
