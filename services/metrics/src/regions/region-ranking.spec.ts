import { quartileInc, quartileOf, rankRegion, type TenantFigure } from './region-ranking';

const figures = (values: (number | null)[]): TenantFigure[] => values.map((value, i) => ({ tenant: `t${i + 1}`, name: `Council ${i + 1}`, value }));
const byTenant = (items: { tenant: string; rank: number | null; quartile: string | null }[]) =>
  Object.fromEntries(items.map((i) => [i.tenant, `${i.rank ?? '-'}${i.quartile ?? '-'}`]));

describe('QUARTILE.INC', () => {
  it('an odd number of values (7): points at (n−1)·k/4 = 1.5, 3, 4.5', () => {
    const v = [62.5, 70.1, 71.4, 75.0, 80.2, 81.0, 93.3];
    // Q1 = 70.1 + 0.5·(71.4 − 70.1); Q3 = 80.2 + 0.5·(81.0 − 80.2), as Excel gives.
    expect([0, 1, 2, 3, 4].map((k) => quartileInc(v, k as 0 | 1 | 2 | 3 | 4))).toEqual([62.5, 70.75, 75, 80.6, 93.3]);
  });

  it('an even number of values (6): points at 1.25, 2.5, 3.75', () => {
    const v = [12, 14, 15, 18, 21, 30];
    // Q1 = 14 + 0.25·1; median = (15 + 18) / 2; Q3 = 18 + 0.75·3.
    expect([1, 2, 3].map((k) => quartileInc(v, k as 1 | 2 | 3))).toEqual([14.25, 16.5, 20.25]);
    // Four values: points at 0.75, 1.5, 2.25.
    expect([1, 2, 3].map((k) => quartileInc([3, 5, 8, 13], k as 1 | 2 | 3))).toEqual([4.5, 6.5, 9.25]);
  });

  it('one value is every point', () => {
    expect([1, 2, 3].map((k) => quartileInc([42], k as 1 | 2 | 3))).toEqual([42, 42, 42]);
  });
});

describe('quartile bands by polarity', () => {
  const points: [number, number, number] = [20, 30, 40];

  it('high: A at or above Q3, B at or above the median, C at or above Q1, D below', () => {
    expect([50, 40, 35, 30, 25, 20, 10].map((v) => quartileOf(v, points, 'high'))).toEqual(['A', 'A', 'B', 'B', 'C', 'C', 'D']);
  });

  it('low: A at or below Q1, B at or below the median, C at or below Q3, D above', () => {
    expect([10, 20, 25, 30, 35, 40, 50].map((v) => quartileOf(v, points, 'low'))).toEqual(['A', 'A', 'B', 'B', 'C', 'C', 'D']);
  });

  it('none for info and range metrics', () => {
    expect(quartileOf(50, points, 'info')).toBeNull();
    expect(quartileOf(50, points, 'range')).toBeNull();
  });
});

describe('rankRegion', () => {
  it('seven tenants of a higher-is-better metric: ranks, bands, mean and median', () => {
    const r = rankRegion(figures([75.0, 93.3, 62.5, 80.2, 70.1, 81.0, 71.4]), 'high');
    expect(r.items.map((i) => i.value)).toEqual([93.3, 81.0, 80.2, 75.0, 71.4, 70.1, 62.5]);
    expect(r.items.map((i) => i.rank)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // Points 70.75, 75, 80.6.
    expect(r.items.map((i) => i.quartile)).toEqual(['A', 'A', 'B', 'B', 'C', 'D', 'D']);
    expect(r.quartilePoints).toEqual([70.75, 75, 80.6]);
    // 533.5 / 7 = 76.21…
    expect(r.mean).toBe(76.2);
    expect(r.median).toBe(75);
  });

  it('six tenants of a lower-is-better metric: lowest first, bands from the low end', () => {
    const r = rankRegion(figures([30, 12, 18, 15, 21, 14]), 'low');
    expect(r.items.map((i) => [i.tenant, i.value, i.rank, i.quartile])).toEqual([
      ['t2', 12, 1, 'A'],
      ['t6', 14, 2, 'A'],
      ['t4', 15, 3, 'B'],
      ['t3', 18, 4, 'C'],
      ['t5', 21, 5, 'D'],
      ['t1', 30, 6, 'D'],
    ]);
    // 110 / 6 = 18.33…; median (15 + 18) / 2.
    expect(r.mean).toBe(18.3);
    expect(r.median).toBe(16.5);
  });

  it('ties share the better rank (1, 2, 2, 4) by polarity, in tenant order', () => {
    expect(byTenant(rankRegion(figures([90, 85, 70, 85]), 'high').items)).toEqual({ t1: '1A', t2: '2B', t4: '2B', t3: '4D' });
    expect(byTenant(rankRegion(figures([90, 85, 70, 85]), 'low').items)).toEqual({ t3: '1A', t2: '2B', t4: '2B', t1: '4D' });
    const low = rankRegion(figures([90, 85, 70, 85]), 'low').items.map((i) => i.tenant);
    expect(low).toEqual(['t3', 't2', 't4', 't1']);
    expect(rankRegion(figures([5, 5, 5]), 'high').items.map((i) => [i.rank, i.quartile])).toEqual([
      [1, 'A'],
      [1, 'A'],
      [1, 'A'],
    ]);
  });

  it('info and range metrics: highest first, no quartile', () => {
    for (const polarity of ['info', 'range'] as const) {
      const r = rankRegion(figures([604, 1210, 604, 95]), polarity);
      expect(r.items.map((i) => [i.tenant, i.rank, i.quartile])).toEqual([
        ['t2', 1, null],
        ['t1', 2, null],
        ['t3', 2, null],
        ['t4', 4, null],
      ]);
      expect(r.median).toBe(604);
      expect(r.mean).toBe(628.3);
    }
  });

  it('a tenant without a value is listed last, unranked, and left out of mean, median and quartiles', () => {
    const r = rankRegion(figures([null, 3, 13, 5, 8]), 'low');
    expect(r.items.map((i) => [i.tenant, i.value, i.rank, i.quartile])).toEqual([
      ['t2', 3, 1, 'A'],
      ['t4', 5, 2, 'B'],
      ['t5', 8, 3, 'C'],
      ['t3', 13, 4, 'D'],
      ['t1', null, null, null],
    ]);
    expect(r.quartilePoints).toEqual([4.5, 6.5, 9.25]);
    expect(r.mean).toBe(7.3);
    expect(r.median).toBe(6.5);
  });

  it('rounds the mean half away from zero on its exact value, not its float sum', () => {
    // (0.1 + 4.6) / 2 is 2.35 exactly: 2.4 (a float sum gives 2.3499…).
    expect(rankRegion(figures([0.1, 4.6]), 'high').mean).toBe(2.4);
  });

  it('nothing to rank: an empty region, or no tenant with a value', () => {
    expect(rankRegion([], 'high')).toEqual({ mean: null, median: null, quartilePoints: null, items: [] });
    expect(rankRegion(figures([null, null]), 'high')).toEqual({
      mean: null,
      median: null,
      quartilePoints: null,
      items: [
        { tenant: 't1', name: 'Council 1', value: null, rank: null, quartile: null },
        { tenant: 't2', name: 'Council 2', value: null, rank: null, quartile: null },
      ],
    });
  });
});
