import type { MetricValue } from '@casewatch/contracts';
import { historySparkline, tileView } from './tile-view';
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

  it('words the sparkline of a week or a quarter in weeks or quarters', () => {
    const weeks = ['2026-W48', '2026-W49', '2026-W50'].map((period, i) => ({ ...value, period, value: i + 1 }));
    expect(historySparkline(weeks[2], weeks).text).toBe('3 weeks: from 1 in Week of 23 Nov 2026 to 3 in Week of 7 Dec 2026; lowest 1, highest 3.');
    expect(historySparkline({ ...value, period: 'fy2026-Q3' }, undefined).text).toBe('the last 12 quarters: not computed yet, shown on the next visit.');
    expect(historySparkline(value, [value]).text).toMatch(/^1 months: /);
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
