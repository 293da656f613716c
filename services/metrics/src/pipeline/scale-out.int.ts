import { Scenario, uniqueId, waitFor } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { startMetrics } from '../testing/metrics-harness';

const ADMIN = { authorization: 'Bearer dev-admin' };
jest.setTimeout(120_000);

/** Two instances in one consumer group share the partitions; the totals stay exact. */
describe('metrics scaled out, and Redis flushed', () => {
  const s = new Scenario(uniqueId('scale'));
  const group = uniqueId('metrics-scale');
  const apps: NestFastifyApplication[] = [];
  const contacts = (from: number, count: number) =>
    Array.from({ length: count }, (_, i) =>
      s.event(`C${1000 + ((from + i) % 60)}`, 'csc.contact.received', '2026-10-05T10:00:00Z', { contactId: `K${from + i}` }),
    );
  const stored = async () => {
    const [{ c }] = await apps[0].get(DataSource).query('SELECT count(*)::int AS c FROM case_events WHERE tenant = $1', [s.tenant]);
    return c as number;
  };
  const figure = async (app: NestFastifyApplication) =>
    (await app.inject({ url: `/v1/tenants/${s.tenant}/metrics/contacts.received?period=2026-10`, headers: ADMIN })).json().value;

  beforeAll(async () => {
    apps.push(await startMetrics({ METRICS_CONSUMER_GROUP: group }));
    apps.push(await startMetrics({ METRICS_CONSUMER_GROUP: group }));
    await s.publishTenant({ name: 'Scale', nation: 'england', population0to17: 1000 });
  });

  afterAll(async () => {
    for (const app of apps) await app.close().catch(() => undefined);
    await s.close();
  });

  it('counts every event once with two instances, and after one of them stops', async () => {
    await s.publishEvents(contacts(0, 300));
    await waitFor(async () => ((await stored()) === 300 ? true : undefined), { what: '300 events stored', timeoutMs: 60_000 });
    expect(await figure(apps[0])).toBe(300);
    expect(await figure(apps[1])).toBe(300);

    await apps[1].close();
    apps.pop();
    await s.publishEvents(contacts(300, 100));
    await waitFor(async () => ((await stored()) === 400 ? true : undefined), { what: 'the rest after a rebalance', timeoutMs: 90_000 });
    expect(await figure(apps[0])).toBe(400);
  });

  it('gives the same figures after Redis is flushed, and new events still count', async () => {
    const before = await figure(apps[0]);
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    await redis.flushall();
    redis.disconnect();
    expect(await figure(apps[0])).toBe(before);
    await s.publishEvents(contacts(400, 1));
    await waitFor(async () => ((await figure(apps[0])) === before + 1 ? true : undefined), { what: 'figure after the flush' });
  });
});
