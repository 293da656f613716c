import { Scenario, TEST_ENV, uniqueId, waitFor } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Redis from 'ioredis';
import { startMetrics } from '../testing/metrics-harness';

const ADMIN = { authorization: 'Bearer dev-admin' };
jest.setTimeout(60_000);

/** `current` figures come from the hot copy the live recompute keeps; Postgres stays the truth. */
describe('hot current figures', () => {
  const s = new Scenario(uniqueId('hot'));
  const redis = new Redis(TEST_ENV.REDIS_URL as string);
  const key = `casewatch:hot:${s.tenant}`;
  let app: NestFastifyApplication;
  const current = async (query = '') => {
    const res = await app.inject({ url: `/v1/tenants/${s.tenant}/metrics${query}`, headers: ADMIN });
    expect(res.statusCode).toBe(200);
    return res.json() as { asOf: string; items: { metricId: string; value: number | null; rag: string | null; asOf: string }[] };
  };
  const item = (list: Awaited<ReturnType<typeof current>>, id: string) => list.items.find((i) => i.metricId === id);
  const hotValue = async (id: string) => {
    const text = await redis.get(key);
    return text ? (JSON.parse(text) as Awaited<ReturnType<typeof current>>).items.find((i) => i.metricId === id)?.value : undefined;
  };

  beforeAll(async () => {
    app = await startMetrics();
    await s.publishTenant({ name: 'Hot', nation: 'england', population0to17: 1000 });
    const time = new Date(Date.now() - 60_000).toISOString();
    await s.publishEvents([s.event('C1', 'csc.contact.received', time, { contactId: 'K1' })]);
    await waitFor(async () => ((await hotValue('contacts.received')) === 1 ? true : undefined), { what: 'hot figures after the event' });
  });

  afterAll(async () => {
    await app.close();
    await s.close();
    redis.disconnect();
  });

  it('answers current from the last recompute: its asOf, not the moment of the request', async () => {
    const hot = JSON.parse((await redis.get(key)) as string) as Awaited<ReturnType<typeof current>>;
    await new Promise((r) => setTimeout(r, 20));
    const before = Date.now();
    const list = await current();
    expect(list.asOf).toBe(hot.asOf);
    expect(Date.parse(list.asOf)).toBeLessThan(before);
    expect(item(list, 'contacts.received')?.value).toBe(1);
    const one = await app.inject({ url: `/v1/tenants/${s.tenant}/metrics/contacts.received`, headers: ADMIN });
    expect(one.json()).toMatchObject({ value: 1, asOf: item(hot, 'contacts.received')?.asOf });
    // Anything else than the whole tenant's running month as known now is computed on request.
    const asAt = new Date().toISOString();
    expect((await current(`?asAt=${encodeURIComponent(asAt)}`)).asOf).toBe(asAt);
  });

  it('follows new settings at once (targets decide RAG), without waiting for a recompute', async () => {
    expect(item(await current(), 'contacts.awaiting-decision')?.rag).toBeNull();
    await s.publishTenant({
      name: 'Hot',
      nation: 'england',
      population0to17: 1000,
      updatedAt: new Date().toISOString(),
      targets: { 'contacts.awaiting-decision': { target: 0, amberTolerance: 0 } },
    });
    const red = await waitFor(
      async () => {
        const rag = item(await current(), 'contacts.awaiting-decision')?.rag;
        return rag === 'red' ? rag : undefined;
      },
      { what: 'RAG from the new target', timeoutMs: 10_000 },
    );
    expect(red).toBe('red');
  });

  it('rebuilds from Postgres when Redis loses the hot copy', async () => {
    await redis.del(key);
    await new Promise((r) => setTimeout(r, 1100)); // past the in-memory copy's trust
    const list = await current();
    expect(item(list, 'contacts.received')?.value).toBe(1);
    expect(await hotValue('contacts.received')).toBe(1);
  });
});
