import { TOPIC_SPECS } from '@casewatch/contracts';
import { ensureTopics } from '@casewatch/kafka';
import { TEST_ENV } from '@casewatch/testing';
import { Kafka, logLevel } from 'kafkajs';

/** The project's topics, for e2e tests that publish before any service (which would create them) has started. */
export async function ensureProjectTopics(): Promise<void> {
  const kafka = new Kafka({ brokers: (TEST_ENV.KAFKA_BROKERS as string).split(','), clientId: 'e2e-topics', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, TOPIC_SPECS);
  } finally {
    await admin.disconnect();
  }
}
