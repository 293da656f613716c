import type { MetricValue } from '@casewatch/contracts';
import { PACK_CSV_HEADER, packCsvHeader, packCsvRows, packRows } from './pack-view';

function mv(metricId: string, value: number | null, extra: Partial<MetricValue> = {}): MetricValue {
  return {
    metricId,
    title: metricId,
    unit: 'percent',
    period: '2026-11',
    scope: 'la',
    value,
    numerator: null,
    denominator: null,
    polarity: 'high',
    target: 90,
    rag: 'amber',
    direction: 'down',
    trend: 'worse',
    firstReported: value,
    revised: false,
    asOf: '2026-12-01T00:00:00Z',
    ...extra,
  };
}

describe('monthly pack rows', () => {
  it('puts the figure as now known beside first reported, the previous month and the year before', () => {
    const [row] = packRows(
      [mv('assessments.within-45wd', 86.5, { firstReported: 88.1, revised: true })],
      [mv('assessments.within-45wd', 91)],
      [mv('assessments.within-45wd', 79.25)],
    );
    expect(row).toMatchObject({
      metricId: 'assessments.within-45wd',
      area: 'Assessment',
      dataValue: '86.5',
      value: '86.5',
      target: '90.0',
      firstReported: '88.1',
      revised: true,
      previousMonth: '91.0',
      previousYear: '79.3',
      polarityText: 'High is good',
    });
    expect(row.rag.word).toBe('Amber');
    expect(row.direction.arrow).toBe('↓');
  });

  it('leaves figures blank where there are none (null value, metric missing before)', () => {
    const [row] = packRows([mv('lac.iha-20wd', null, { rag: null, target: null })], [], []);
    expect(row).toMatchObject({ dataValue: '', value: '', previousMonth: '', previousYear: '', target: '' });
    expect(row.rag).toMatchObject({ key: '', word: 'No target' });
  });

  it('gives the CSV raw numbers', () => {
    expect(packCsvRows([mv('x.y', 1234.5, { unit: 'count', rag: 'red' })], [], [])[0]).toEqual([
      'Other (tenant metrics)',
      'x.y',
      'x.y',
      'count',
      'high',
      90,
      1234.5,
      'red',
      'down',
      1234.5,
      'no',
      null,
      null,
    ]);
  });

  it('puts each comparator in its column, with its period, and leaves a name a figure lacks blank', () => {
    const current = [
      mv('assessments.within-45wd', 86.5, {
        comparators: [
          { name: 'England', period: 'fy2025', value: 82.7 },
          { name: 'Statistical neighbours', period: 'fy2025', value: 81.25 },
        ],
      }),
      mv('lac.iha-20wd', 70),
    ];
    const [withComparators, without] = packRows(current, [], []);
    expect(withComparators.comparators).toEqual({
      England: { name: 'England', value: '82.7', period: '2025–26' },
      'Statistical neighbours': { name: 'Statistical neighbours', value: '81.3', period: '2025–26' },
    });
    expect(without.comparators).toEqual({});
    const names = ['England', 'Statistical neighbours'];
    expect(packCsvHeader(names)).toEqual([...PACK_CSV_HEADER, 'England', 'England period', 'Statistical neighbours', 'Statistical neighbours period']);
    const [a, b] = packCsvRows(current, [], [], names);
    expect(a.slice(PACK_CSV_HEADER.length)).toEqual([82.7, 'fy2025', 81.25, 'fy2025']);
    expect(b.slice(PACK_CSV_HEADER.length)).toEqual([null, null, null, null]);
  });
});
