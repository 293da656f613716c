import { financialYearOf, periodsFrom, topicPeriods } from './topic-periods';

const at = (iso: string) => Date.parse(iso);

describe('topic periods', () => {
  it('puts a date in its financial year (April to March)', () => {
    expect(financialYearOf('2026-03-31')).toBe('fy2025');
    expect(financialYearOf('2026-04-01')).toBe('fy2026');
    expect(financialYearOf('2026-12-07')).toBe('fy2026');
  });

  it('carries the running month, the months before it and the financial years they touch', () => {
    const periods = topicPeriods(at('2026-12-07T12:00:00Z'), 13);
    expect(periods.map((p) => p.label)).toEqual([
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
      '2026-12',
      'fy2025',
      'fy2026',
    ]);
    expect(periods.filter((p) => p.running).map((p) => p.label)).toEqual(['2026-12', 'fy2026']);
  });

  it('counts London dates: the first hour of a month in summer time is already that month', () => {
    expect(topicPeriods(at('2026-06-30T23:30:00Z'), 1).map((p) => p.label)).toEqual(['2026-07', 'fy2026']);
  });

  it('finds the periods an event of a date can change: those ending on or after it', () => {
    const periods = topicPeriods(at('2026-12-07T12:00:00Z'), 13);
    expect(periodsFrom(periods, '2026-10-15').map((p) => p.label)).toEqual(['2026-10', '2026-11', '2026-12', 'fy2026']);
  });
});
