import { isoWeekOf, isoWeekOne, isoWeeksIn, periodHistory, previousPeriod, quarterOf, resolvePeriod, type ResolvedPeriod } from './periods';

// Monday 7 December 2026, 10:00 London: ISO week 2026-W50, quarter fy2026-Q3.
const NOW = Date.parse('2026-12-07T10:00:00Z');
const LATER = Date.parse('2027-06-01T10:00:00Z');
const resolved = (label: string, now = NOW) => resolvePeriod(label, now) as ResolvedPeriod;
const labels = (ps: ResolvedPeriod[]) => ps.map((p) => p.label);

describe('ISO weeks (Monday to Sunday; week 1 holds 4 January)', () => {
  it('knows which years have 53 weeks', () => {
    // 1 January a Thursday (2026, 2015), or a Wednesday in a leap year (2020).
    expect([2015, 2020, 2026].map(isoWeeksIn)).toEqual([53, 53, 53]);
    expect([2021, 2024, 2025, 2027].map(isoWeeksIn)).toEqual([52, 52, 52, 52]);
  });

  it('starts week 1 in December when 1 January is late in the week', () => {
    expect(isoWeekOne(2026)).toBe('2025-12-29');
    expect(isoWeekOne(2025)).toBe('2024-12-30');
    expect(isoWeekOne(2027)).toBe('2027-01-04');
    expect(isoWeekOne(2021)).toBe('2021-01-04');
  });

  it('puts a date in the week (and week-year) it belongs to', () => {
    expect(isoWeekOf('2025-12-29')).toBe('2026-W01');
    expect(isoWeekOf('2025-12-28')).toBe('2025-W52');
    expect(isoWeekOf('2027-01-03')).toBe('2026-W53');
    expect(isoWeekOf('2027-01-04')).toBe('2027-W01');
    expect(isoWeekOf('2021-01-01')).toBe('2020-W53');
    expect(isoWeekOf('2026-10-31')).toBe('2026-W44');
    expect(isoWeekOf('2026-11-02')).toBe('2026-W45');
  });

  it('resolves a week to its Monday and Sunday, across a month or a year end', () => {
    expect(resolved('2026-W44')).toEqual({ label: '2026-W44', kind: 'week', first: '2026-10-26', last: '2026-11-01', end: '2026-11-01', running: false });
    expect(resolved('2026-W01')).toMatchObject({ first: '2025-12-29', end: '2026-01-04' });
    expect(resolved('2026-W53', LATER)).toMatchObject({ first: '2026-12-28', end: '2027-01-03', running: false });
    expect(resolved('2027-W01', LATER)).toMatchObject({ first: '2027-01-04', end: '2027-01-10' });
  });

  it('counts the running week to date', () => {
    expect(resolved('2026-W50')).toEqual({ label: '2026-W50', kind: 'week', first: '2026-12-07', last: '2026-12-07', end: '2026-12-13', running: true });
  });

  it('refuses week 0, week 53 of a 52-week year, weeks not begun and other shapes', () => {
    for (const bad of ['2026-W00', '2025-W53', '2026-W54', '2026-W5', '2026-w50', '2026W50', '2026-W050']) {
      expect({ bad, p: resolvePeriod(bad, LATER) }).toEqual({ bad, p: undefined });
    }
    expect(resolvePeriod('2026-W51', NOW)).toBeUndefined();
    expect(resolvePeriod('2027-W53', Date.parse('2030-01-01T00:00:00Z'))).toBeUndefined();
  });
});

describe('quarters of the financial year (Q1 April–June … Q4 January–March)', () => {
  it('puts a date in its quarter', () => {
    expect(['2026-04-01', '2026-06-30', '2026-07-01', '2026-12-31', '2027-01-01', '2027-03-31'].map(quarterOf)).toEqual([
      'fy2026-Q1',
      'fy2026-Q1',
      'fy2026-Q2',
      'fy2026-Q3',
      'fy2026-Q4',
      'fy2026-Q4',
    ]);
  });

  it('resolves Q4 into the next calendar year', () => {
    expect(resolved('fy2026-Q4', LATER)).toEqual({
      label: 'fy2026-Q4',
      kind: 'quarter',
      first: '2027-01-01',
      last: '2027-03-31',
      end: '2027-03-31',
      running: false,
    });
    expect(resolved('fy2026-Q1')).toMatchObject({ first: '2026-04-01', end: '2026-06-30', running: false });
    expect(resolved('fy2023-Q4')).toMatchObject({ first: '2024-01-01', end: '2024-03-31' });
  });

  it('counts the running quarter to date, and refuses one not begun or malformed', () => {
    expect(resolved('fy2026-Q3')).toEqual({ label: 'fy2026-Q3', kind: 'quarter', first: '2026-10-01', last: '2026-12-07', end: '2026-12-31', running: true });
    for (const bad of ['fy2026-Q4', 'fy2026-Q5', 'fy2026-Q0', 'fy2026-q1', 'FY2026-Q1', 'fy2026Q1', '2026-Q1']) {
      expect({ bad, p: resolvePeriod(bad, NOW) }).toEqual({ bad, p: undefined });
    }
  });
});

describe('previous periods and history', () => {
  it('steps back one period of the same kind', () => {
    expect(previousPeriod(resolved('fy2026-Q1'), NOW).label).toBe('fy2025-Q4');
    expect(previousPeriod(resolved('fy2026-Q4', LATER), LATER).label).toBe('fy2026-Q3');
    expect(previousPeriod(resolved('2026-W01'), NOW).label).toBe('2025-W52');
    expect(previousPeriod(resolved('2027-W01', LATER), LATER).label).toBe('2026-W53');
    expect(previousPeriod(resolved('2026-01'), NOW).label).toBe('2025-12');
    expect(previousPeriod(resolved('fy2026'), NOW).label).toBe('fy2025');
  });

  it('gives the last N weeks or quarters, oldest first, ending with the one asked', () => {
    expect(labels(periodHistory(resolved('2026-W02'), 3, NOW))).toEqual(['2025-W52', '2026-W01', '2026-W02']);
    expect(labels(periodHistory(resolved('2027-W02', LATER), 3, LATER))).toEqual(['2026-W53', '2027-W01', '2027-W02']);
    expect(labels(periodHistory(resolved('fy2026-Q2'), 4, NOW))).toEqual(['fy2025-Q3', 'fy2025-Q4', 'fy2026-Q1', 'fy2026-Q2']);
    expect(periodHistory(resolved('fy2026-Q3'), 2, NOW).map((p) => [p.label, p.running])).toEqual([
      ['fy2026-Q2', false],
      ['fy2026-Q3', true],
    ]);
    expect(labels(periodHistory(resolved('2026-10'), 3, NOW))).toEqual(['2026-08', '2026-09', '2026-10']);
    // A financial year's history is financial years (metrics.md), the running one to date.
    expect(labels(periodHistory(resolved('fy2026'), 3, NOW))).toEqual(['fy2024', 'fy2025', 'fy2026']);
  });
});
