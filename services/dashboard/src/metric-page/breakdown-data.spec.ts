import type { MetricBreakdown } from '@casewatch/contracts';
import { UpstreamError, type CasewatchApi } from '../api/api-client';
import { BreakdownData } from './breakdown-data';

function fakeApi(failPeriod?: string) {
  const calls: { by?: string; period?: string; scope?: string; asAt?: string }[] = [];
  let open = 0;
  let most = 0;
  const api = {
    async breakdown(
      _tenant: string,
      metricId: string,
      by: string | undefined,
      q: { period?: string; scope?: string; asAt?: string },
    ): Promise<MetricBreakdown> {
      calls.push({ by, ...q });
      if (!by) throw new UpstreamError('GET answered 400', 400, `invalid by: is required; ${metricId} can be broken down by one of: source, ageBand`);
      open++;
      most = Math.max(most, open);
      await new Promise((r) => setTimeout(r, 5));
      open--;
      if (q.period === failPeriod) throw new UpstreamError('GET answered 503', 503);
      return { metricId, period: q.period ?? '', scope: q.scope ?? 'la', by, asOf: '2026-12-07T07:00:00.000Z', items: [] };
    },
  };
  return { api: api as unknown as CasewatchApi, calls, most: () => most };
}

const ask = { tenant: 'demo', metricId: 'contacts.received', scope: 'la', asAt: '2026-12-01T12:00:00Z' };

describe('BreakdownData', () => {
  it('learns the dimensions from the 400, then asks both financial years at once', async () => {
    const { api, calls, most } = fakeApi();
    const got = await new BreakdownData().load(api, { ...ask, by: 'ageBand' });
    expect(got?.dimensions).toEqual(['source', 'ageBand']);
    expect(got?.by).toBe('ageBand');
    expect(got?.years).toEqual({ thisYear: 'fy2026', lastYear: 'fy2025' });
    expect(got?.thisYear?.period).toBe('fy2026');
    expect(got?.lastYear?.period).toBe('fy2025');
    expect(calls.slice(1).map((c) => [c.by, c.period, c.scope, c.asAt])).toEqual([
      ['ageBand', 'fy2026', 'la', ask.asAt],
      ['ageBand', 'fy2025', 'la', ask.asAt],
    ]);
    expect(most()).toBe(2);
  });

  it('falls back to the first dimension for one the metric has not, and keeps answers', async () => {
    const { api, calls } = fakeApi();
    const data = new BreakdownData();
    expect((await data.load(api, { ...ask, by: 'nonsense' }))?.by).toBe('source');
    await data.load(api, { ...ask, by: 'source' });
    expect(calls).toHaveLength(3);
  });

  it('leaves a year out that failed, and the section out for a metric without dimensions', async () => {
    const { api } = fakeApi('fy2025');
    const got = await new BreakdownData().load(api, { ...ask, by: undefined });
    expect(got?.thisYear).toBeDefined();
    expect(got?.lastYear).toBeUndefined();
    const none = {
      breakdown: () =>
        Promise.reject(new UpstreamError('GET answered 400', 400, 'invalid by: is required; x can be broken down by none: this metric has no breakdowns')),
    } as unknown as CasewatchApi;
    expect(await new BreakdownData().load(none, { ...ask, by: undefined })).toBeUndefined();
  });
});
