import type { AuthSettings } from '@casewatch/auth';
import { TEST_ENV, uniqueId, waitFor } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { buildMetricsApp } from '../bootstrap';
import { loadMetricsConfig } from '../config';

/**
 * A real metrics app with a consumer group of its own that starts at the end of the topic, so a
 * test sees only the events it sends. Resolves once the group has joined.
 */
export async function startMetrics(env: NodeJS.ProcessEnv = {}, auth?: AuthSettings): Promise<NestFastifyApplication> {
  const config = loadMetricsConfig({
    ...TEST_ENV,
    METRICS_CONSUMER_GROUP: uniqueId('metrics-test'),
    METRICS_FROM_BEGINNING: 'false',
    // The test database holds every earlier test's tenants; figures are computed when asked.
    METRICS_WARM_ON_START: 'false',
    // Publishing every scope and period is tested where it is the subject (topic/, live/).
    METRICS_TOPIC: 'false',
    // A database of one's own (migrated beforehand), for a run beside others on the shared one.
    ...(process.env.METRICS_TEST_DB && { METRICS_DB: process.env.METRICS_TEST_DB }),
    ...env,
  });
  const app = await buildMetricsApp(config, auth);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  await waitFor(async () => (await app.inject({ url: '/health/ready' })).statusCode === 200, {
    timeoutMs: 30_000,
    what: 'metrics consumer to join',
  });
  return app;
}
