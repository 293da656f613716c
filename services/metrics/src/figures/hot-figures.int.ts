import type { MetricValue } from '@casewatch/contracts';
import { TEST_ENV, uniqueId } from '@casewatch/testing';
import Redis from 'ioredis';
import { HotFigures, type HotList } from './hot-figures';

const value = (metricId: string, v: number) => ({ metricId, value: v }) as unknown as MetricValue;
const valuesOf = (list: HotList | undefined) => Object.fromEntries((list?.items ?? []).map((i) => [i.metricId, i.value]));

/** The fast lane's flows and snapshots merge into one tenant's list at the same moment. */
describe('hot figures written at once', () => {
  const redis = new Redis(TEST_ENV.REDIS_URL as string);
  const tenant = uniqueId('hot-merge');

  afterAll(async () => {
    await redis.del(`casewatch:hot:${tenant}`);
    redis.disconnect();
  });

  it('keeps every merge: each reads the list the one before it wrote', async () => {
    const hot = new HotFigures(redis);
    const list: HotList = { period: '2026-12', asOf: new Date().toISOString(), settingsVersion: 1, items: [value('a', 0), value('b', 0), value('c', 0)] };
    await hot.put(tenant, list);
    const asOf = new Date().toISOString();
    await Promise.all([hot.merge(tenant, '2026-12', asOf, [value('a', 1)]), hot.merge(tenant, '2026-12', asOf, [value('b', 2)])]);
    expect(valuesOf(await hot.get(tenant, '2026-12', 1))).toEqual({ a: 1, b: 2, c: 0 });
    const stored = JSON.parse((await redis.get(`casewatch:hot:${tenant}`)) as string) as HotList;
    expect(valuesOf(stored)).toEqual({ a: 1, b: 2, c: 0 });
  });

  it('a merge after a whole list replaces items of that list', async () => {
    const hot = new HotFigures(redis);
    const asOf = new Date().toISOString();
    await Promise.all([
      hot.put(tenant, { period: '2026-12', asOf, settingsVersion: 1, items: [value('a', 5), value('b', 5), value('c', 5)] }),
      hot.merge(tenant, '2026-12', asOf, [value('c', 7)]),
    ]);
    expect(valuesOf(await hot.get(tenant, '2026-12', 1))).toEqual({ a: 5, b: 5, c: 7 });
  });
});
