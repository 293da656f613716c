import type { MetricValue } from '@casewatch/contracts';
import { tileView } from './tile-view';
import { groupByArea } from '../common/areas';

const value: MetricValue = {
  metricId: 'lac.children',
  title: 'Children looked after',
  unit: 'count',
  period: '2026-11',
  scope: 'la',
  value: 604,
  numerator: null,
  denominator: null,
  polarity: 'info',
  target: null,
  rag: null,
  direction: 'up',
  trend: 'neutral',
  firstReported: 601,
  revised: true,
  asOf: '2026-12-01T08:00:00Z',
};

describe('overview tile', () => {
  it('carries the raw API value for data-value and shows the revision with the first-reported figure', () => {
    expect(tileView(value)).toMatchObject({ dataValue: '604', valueText: '604', revisedText: 'Revised: first reported 601', fraction: '' });
    expect(tileView({ ...value, value: null }).dataValue).toBe('');
    expect(tileView(value).comparatorsText).toBe('');
    expect(tileView({ ...value, comparators: [{ name: 'England', period: 'fy2025', value: 604.5 }] }).comparatorsText).toBe('England 604.5 (2025–26)');
  });

  it('groups tiles by the areas of the pack, in order', () => {
    const groups = groupByArea([
      { metricId: 'adoption.a1-days' },
      { metricId: 'contacts.received' },
      { metricId: 'caseload.max' },
      { metricId: 'cp.children' },
      { metricId: 'plo.children' },
    ]);
    expect(groups.map((g) => [g.area.title, g.items.length])).toEqual([
      ['Front door', 1],
      ['Child protection', 2],
      ['Workforce', 1],
      ['Adoption', 1],
    ]);
  });
});
