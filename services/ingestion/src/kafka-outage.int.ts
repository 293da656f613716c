import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { TOPICS } from '@casewatch/contracts';
import { TopicReader, waitFor } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTenant, postEvents, startIngestion, visitEvent } from './testing/ingestion-harness';

const run = promisify(execFile);
const KAFKA_SH = resolve(__dirname, '../../../infra/kafka/kafka.sh');
// A broker of its own, so stopping it does not disturb the other tests.
const BROKER_ENV = {
  ...process.env,
  KAFKA_PORT: '19092',
  KAFKA_CONTROLLER_PORT: '19093',
  KAFKA_DATA_DIR: resolve(__dirname, '../../../.data/kafka-outage-test'),
  KAFKA_HEAP: '-Xms128m -Xmx512m',
};
const BROKERS = '127.0.0.1:19092';
const kafka = (cmd: string) => run('bash', [KAFKA_SH, cmd], { env: BROKER_ENV, timeout: 120_000 });

jest.setTimeout(180_000);

describe('Kafka outage', () => {
  let app: NestFastifyApplication;
  let tenant: string;
  const reader = new TopicReader(TOPICS.caseEvents, BROKERS);

  beforeAll(async () => {
    await kafka('reset');
    await kafka('start');
    app = await startIngestion({ KAFKA_BROKERS: BROKERS, PUBLISH_TIMEOUT_MS: '3000' });
    await waitFor(async () => (await app.inject({ url: '/health/ready' })).statusCode === 200, {
      timeoutMs: 60_000,
      what: 'ingestion ready on the outage broker',
    });
    tenant = await createTenant(app);
  });

  afterAll(async () => {
    await app?.close();
    await reader.close().catch(() => undefined);
    await kafka('reset');
  });

  it('answers 503 while the broker is down, loses nothing it acknowledged, and recovers', async () => {
    const acknowledged: string[] = [];
    const refused: Record<string, unknown>[] = [];
    const send = async () => {
      const event = visitEvent(tenant);
      const res = await postEvents(app, event);
      if (res.statusCode === 202) acknowledged.push(event.id as string);
      else {
        expect(res.statusCode).toBe(503);
        expect(res.json()).toMatchObject({ status: 503 });
        refused.push(event);
      }
      return res.statusCode;
    };

    for (let i = 0; i < 5; i++) expect(await send()).toBe(202);
    const stopping = kafka('stop');
    // Keep sending while it goes down: each answer is either 202 (on Kafka) or 503 (not accepted).
    while ((await send()) === 202) await new Promise((r) => setTimeout(r, 50));
    await stopping;
    expect(await send()).toBe(503);
    const ready = await app.inject({ url: '/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(JSON.stringify(ready.json().error)).toContain('kafka');

    await kafka('start');
    await waitFor(async () => (await send()) === 202, { timeoutMs: 60_000, what: 'ingestion to accept again' });
    // What was refused is accepted when sent again: published now, or, if its produce request was in
    // flight at the 503 and Kafka acknowledged it late, already there and counted as a duplicate.
    const retry = await postEvents(app, refused, 'application/cloudevents-batch+json');
    expect(retry.statusCode).toBe(202);
    expect(retry.json().accepted + retry.json().duplicates).toBe(refused.length);
    acknowledged.push(...refused.map((e) => e.id as string));

    const onTopic = await reader.readSince(new Map(), (m) => m.key?.startsWith(`${tenant}:`) ?? false);
    const ids = new Set(onTopic.map((m) => JSON.parse(m.value as string).id));
    expect(acknowledged.filter((id) => !ids.has(id))).toEqual([]);
  });
});
