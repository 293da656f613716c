import type { AuthSettings } from '@casewatch/auth';
import { TEST_ENV, uniqueId, waitFor } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { buildAlertingApp } from '../bootstrap';
import { loadAlertingConfig } from '../config';

/** A real alerting app whose consumer group starts at the end of the topic; resolves once it joined. */
export async function startAlerting(env: NodeJS.ProcessEnv = {}, auth?: AuthSettings): Promise<NestFastifyApplication> {
  const config = loadAlertingConfig({
    ...TEST_ENV,
    ALERTING_CONSUMER_GROUP: uniqueId('alerting-test'),
    ALERTING_FROM_BEGINNING: 'false',
    // Tests share a database: digests are gathered only when a test asks (DigestScheduler.runDigest).
    DIGEST_TIMER: 'false',
    // A database of one's own (migrated beforehand), for a run beside others on the shared one.
    ...(process.env.ALERTING_TEST_DB && { ALERTING_DB: process.env.ALERTING_TEST_DB }),
    ...env,
  });
  const app = await buildAlertingApp(config, auth);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  await waitFor(async () => (await app.inject({ url: '/health/ready' })).statusCode === 200, {
    timeoutMs: 30_000,
    what: 'alerting consumer to join',
  });
  return app;
}
