import { generateHistory } from '@casewatch/event-generator';
import { Scenario, uniqueId, type ScenarioEvent } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fc from 'fast-check';
import { startMetrics } from '../testing/metrics-harness';
import { storeHas } from '../testing/store-counts';

const ADMIN = { authorization: 'Bearer dev-admin' };
const SETTINGS = { name: 'Order', nation: 'england', population0to17: 5000 };
jest.setTimeout(240_000);

/**
 * The same history, sent once in order and once in other batch sizes, with children interleaved
 * differently and with duplicates, gives identical figures (one child's events keep their order,
 * as Kafka's key does).
 */
describe('figures do not depend on batching, order across children or duplicates', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await startMetrics();
  });
  afterAll(() => app.close());

  const history = (tenant: string, seed: number) =>
    [...generateHistory({ tenant, seed, children: 40, from: '2025-04-01', to: '2026-10-31' })] as unknown as ScenarioEvent[];

  const figures = async (tenant: string) => {
    const res = await app.inject({ url: `/v1/tenants/${tenant}/metrics?period=fy2025`, headers: ADMIN });
    expect(res.statusCode).toBe(200);
    return (res.json().items as { metricId: string; value: number | null; firstReported: number | null }[]).map((m) => [m.metricId, m.value, m.firstReported]);
  };

  it('holds for generated histories', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        async (seed, batch, dupShare) => {
          const a = new Scenario(uniqueId('ord-a'));
          const b = new Scenario(uniqueId('ord-b'));
          try {
            const inOrder = history(a.tenant, seed);
            const other = history(b.tenant, seed);
            // Interleave children differently: group by child, then deal the children round-robin.
            const byChild = new Map<string, ScenarioEvent[]>();
            for (const e of other) byChild.set(e.subject, [...(byChild.get(e.subject) ?? []), e]);
            const queues = [...byChild.values()].reverse();
            const shuffled: ScenarioEvent[] = [];
            while (queues.some((q) => q.length > 0)) for (const q of queues) if (q.length > 0) shuffled.push(q.shift() as ScenarioEvent);
            const withDuplicates = shuffled.flatMap((e, i) => (((i * 7919) % 1000) / 1000 < dupShare ? [e, e] : [e]));

            await a.publish(SETTINGS, inOrder, storeHas(app, a.tenant, inOrder.length));
            await b.publishTenant(SETTINGS);
            for (let i = 0; i < withDuplicates.length; i += batch) await b.publishEvents(withDuplicates.slice(i, i + batch));
            await b.publish(SETTINGS, [], storeHas(app, b.tenant, other.length));
            expect(await figures(b.tenant)).toEqual(await figures(a.tenant));
          } finally {
            await a.close();
            await b.close();
          }
        },
      ),
      { numRuns: 3 },
    );
  });
});
