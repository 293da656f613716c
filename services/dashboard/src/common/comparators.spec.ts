import type { MetricValue } from '@casewatch/contracts';
import { comparatorCells, comparatorNames, comparatorsText } from './comparators';

const base: MetricValue = {
  metricId: 'assessments.within-45wd',
  title: 'Assessments completed within timescale',
  unit: 'percent',
  period: '2026-05',
  scope: 'la',
  value: 81.2,
  numerator: 81,
  denominator: 100,
  polarity: 'high',
  target: null,
  rag: null,
  direction: 'same',
  trend: 'neutral',
  firstReported: 81.2,
  revised: false,
  asOf: '2026-06-01T00:00:00Z',
};

describe('comparators on pages', () => {
  it('words a tile line short: name, value (a percentage with its sign) and the period', () => {
    const v = {
      ...base,
      comparators: [
        { name: 'England', period: 'fy2025', value: 70 },
        { name: 'Statistical neighbours', period: 'fy2025', value: 82.45 },
      ],
    };
    expect(comparatorsText(v)).toBe('England 70.0% (2025–26) · Statistical neighbours 82.5% (2025–26)');
    expect(comparatorCells(v)[0]).toEqual({ name: 'England', value: '70.0', period: '2025–26' });
    expect(comparatorsText({ ...v, unit: 'rate10k' })).toBe('England 70.0 (2025–26) · Statistical neighbours 82.5 (2025–26)');
    expect(comparatorCells({ ...v, unit: 'count', comparators: [{ name: 'England', period: '2026-04', value: 1234 }] })[0].value).toBe('1,234');
  });

  it('is empty without comparators', () => {
    expect(comparatorsText(base)).toBe('');
    expect(comparatorsText({ ...base, comparators: [] })).toBe('');
  });

  it('takes the pack columns from every figure, in the order first met', () => {
    const values = [
      base,
      { ...base, comparators: [{ name: 'England', period: 'fy2025', value: 1 }] },
      {
        ...base,
        comparators: [
          { name: 'Yorkshire and the Humber', period: 'fy2025', value: 1 },
          { name: 'England', period: 'fy2025', value: 1 },
        ],
      },
    ];
    expect(comparatorNames(values)).toEqual(['England', 'Yorkshire and the Humber']);
  });
});
