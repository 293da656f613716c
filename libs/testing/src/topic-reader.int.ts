import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { uniqueId } from './test-env';
import { TopicReader } from './topic-reader';

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

describe('reading a topic between two moments', () => {
  const kafka = new Kafka({ brokers: BROKERS, clientId: 'topic-reader-test', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const topic = uniqueId('test-reader');
  const reader = new TopicReader(topic);

  beforeAll(() => admin.connect());
  afterAll(async () => {
    await reader.close();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('marks a topic that does not exist yet (a fresh broker, before the services start) and reads all it gets later', async () => {
    const mark = await reader.mark();
    expect(mark).toEqual(new Map());
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        { key: 'a', value: '1' },
        { key: 'b', value: '2' },
      ],
    });
    await producer.disconnect();
    const read = await reader.readSince(mark);
    expect(read.map((m) => m.value).sort()).toEqual(['1', '2']);
  });
});
