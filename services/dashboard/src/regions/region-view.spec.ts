import type { RegionMetric } from '@casewatch/contracts';
import { DEVELOPMENT_USER, homeTenant, mayReadRegion, regionsOf } from '../auth/user';
import { regionLinks } from './region-links';
import { bandTexts, ordinal, quartileView, regionView } from './region-view';

const ANSWER: RegionMetric = {
  metricId: 'assessments.within-45wd',
  title: 'Assessments completed within 45 working days',
  unit: 'percent',
  polarity: 'high',
  period: '2026-10',
  region: 'yorkshire',
  mean: 80.2,
  median: 81,
  quartilePoints: [75.25, 81, 85.5],
  asOf: '2026-11-20T09:00:00.000Z',
  items: [
    { tenant: 'leeds', name: 'Leeds', value: 90.1, rank: 1, quartile: 'A' },
    { tenant: 'york', name: 'York', value: 81, rank: 2, quartile: 'B' },
    { tenant: 'hull', name: 'Hull', value: 81, rank: 2, quartile: 'B' },
    { tenant: 'wakefield', name: 'Wakefield', value: 68.7, rank: 4, quartile: 'D' },
    { tenant: 'kirklees', name: 'Kirklees', value: null, rank: null, quartile: null },
  ],
};

describe('the region page', () => {
  it('shows rank, value and quartile as words, joint ranks marked, unranked councils last', () => {
    const view = regionView(ANSWER, (t) => (t === 'york' ? '/tenants/york/metrics/assessments.within-45wd' : undefined));
    expect(view.rows.map((r) => [r.tenant, r.rankText, r.rankWords, r.valueText, r.dataValue, r.quartile.word])).toEqual([
      ['leeds', '1', '1st', '90.1%', '90.1', 'A (best quarter)'],
      ['york', '=2', 'Joint 2nd', '81.0%', '81', 'B (second quarter)'],
      ['hull', '=2', 'Joint 2nd', '81.0%', '81', 'B (second quarter)'],
      ['wakefield', '4', '4th', '68.7%', '68.7', 'D (bottom quarter)'],
      ['kirklees', '–', 'Not ranked (no value)', 'No data', '', 'No band'],
    ]);
    expect(view.rows.map((r) => r.href)).toEqual([undefined, '/tenants/york/metrics/assessments.within-45wd', undefined, undefined, undefined]);
    expect(view).toMatchObject({
      meanText: '80.2%',
      medianText: '81.0%',
      unitText: '%',
      ranked: 4,
      unranked: 1,
      rankNote: 'Rank 1 is the highest figure, the best.',
    });
  });

  it('says what each band means by polarity, from QUARTILE.INC points', () => {
    expect(bandTexts([75.25, 81, 85.5], 'high', 'percent')).toEqual([
      'A: 85.5% or more',
      'B: 81% or more, below 85.5%',
      'C: 75.25% or more, below 81%',
      'D: below 75.25%',
    ]);
    expect(bandTexts([3.5, 6, 7.75], 'low', 'count')).toEqual(['A: 3.5 or less', 'B: 6 or less, above 3.5', 'C: 7.75 or less, above 6', 'D: above 7.75']);
    expect(bandTexts([1, 2, 3], 'info', 'count')).toEqual(['No bands: this figure is for information, neither better nor worse.']);
    expect(bandTexts(null, 'high', 'count')).toEqual([]);
  });

  it('says a band between two equal points holds nothing (one council, or ties)', () => {
    expect(bandTexts([100, 100, 100], 'high', 'percent')).toEqual([
      'A: 100% or more',
      'B: none (its two quartile points are equal)',
      'C: none (its two quartile points are equal)',
      'D: below 100%',
    ]);
    expect(bandTexts([2, 2, 5], 'low', 'count')).toEqual([
      'A: 2 or less',
      'B: none (its two quartile points are equal)',
      'C: 5 or less, above 2',
      'D: above 5',
    ]);
  });

  it('gives every band a word and a tag, never colour alone', () => {
    expect((['A', 'B', 'C', 'D', null] as const).map((q) => [quartileView(q).key, quartileView(q).word])).toEqual([
      ['A', 'A (best quarter)'],
      ['B', 'B (second quarter)'],
      ['C', 'C (third quarter)'],
      ['D', 'D (bottom quarter)'],
      ['', 'No band'],
    ]);
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '101st']);
  });
});

describe('who may see a region page', () => {
  const analyst = { name: 'R', access: { 'region:yorkshire': ['read' as const] } };
  const both = { name: 'B', access: { 'region:yorkshire': ['read' as const], leeds: ['read' as const, 'manage' as const] } };

  it('needs region:{region} or * in the access; a council grant is not a region grant', () => {
    expect(mayReadRegion(analyst, 'yorkshire')).toBe(true);
    expect(mayReadRegion(analyst, 'north-east')).toBe(false);
    expect(mayReadRegion(DEVELOPMENT_USER, 'north-east')).toBe(true);
    expect(mayReadRegion({ name: 'L', access: { leeds: ['read'] } }, 'yorkshire')).toBe(false);
  });

  it('sends a region-only user home to nothing but their region, and links the regions named', () => {
    expect(homeTenant(analyst, 'demo')).toBeUndefined();
    expect(regionsOf(analyst)).toEqual(['yorkshire']);
    expect(homeTenant(both, 'demo')).toBe('leeds');
    expect(regionLinks(both, 'cp.children', '2026-10')).toEqual({
      links: [{ region: 'yorkshire', href: '/regions/yorkshire/metrics/cp.children?period=2026-10' }],
      anyRegion: false,
    });
    expect(regionLinks(DEVELOPMENT_USER, 'cp.children', 'current')).toEqual({ links: [], anyRegion: true });
  });
});
