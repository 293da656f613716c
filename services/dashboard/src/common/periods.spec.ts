import {
  BadQuery,
  checkAsAt,
  checkPeriod,
  checkScope,
  endOfLondonDay,
  historyPeriod,
  historyStep,
  packName,
  periodKindWord,
  isoWeekOf,
  periodLabel,
  periodOptions,
  previousPeriod,
} from './periods';

describe('query values', () => {
  it('accepts the periods of api.md and refuses others', () => {
    expect(checkPeriod(undefined)).toBe('current');
    expect(checkPeriod('2026-11')).toBe('2026-11');
    expect(checkPeriod('fy2026')).toBe('fy2026');
    expect(() => checkPeriod('2026-13')).toThrow(BadQuery);
    expect(() => checkPeriod('current', false)).toThrow(BadQuery);
  });

  it('accepts quarters and ISO weeks, and refuses ones that do not exist', () => {
    expect(checkPeriod('fy2026-Q4')).toBe('fy2026-Q4');
    expect(checkPeriod('2026-W53')).toBe('2026-W53');
    for (const bad of ['fy2026-Q5', 'fy2026-Q0', '2026-W00', '2026-W54', '2025-W53', '2026-w01']) expect(() => checkPeriod(bad)).toThrow(BadQuery);
  });

  it('accepts la, team and worker scopes', () => {
    expect(checkScope('')).toBe('la');
    expect(checkScope('team:T4')).toBe('team:T4');
    expect(() => checkScope('team:')).toThrow(BadQuery);
  });

  it('reads a picked date as the end of that London day', () => {
    expect(endOfLondonDay('2026-07-31')).toBe('2026-07-31T23:59:59+01:00');
    expect(endOfLondonDay('2026-12-01')).toBe('2026-12-01T23:59:59+00:00');
    expect(checkAsAt('2026-11-30T08:00:00Z')).toBe('2026-11-30T08:00:00Z');
    expect(() => checkAsAt('yesterday')).toThrow(BadQuery);
  });

  it('steps back a month or a year, and names periods', () => {
    expect(previousPeriod('2026-01', 1)).toBe('2025-12');
    expect(previousPeriod('2026-11', 12)).toBe('2025-11');
    expect(previousPeriod('fy2026', 12)).toBe('fy2025');
    expect(periodLabel('2026-11', true)).toBe('November 2026');
    expect(periodLabel('fy2026')).toBe('2026–27');
  });

  it('steps back and names quarters (across the calendar year) and weeks (across a month or year end)', () => {
    expect(previousPeriod('fy2026-Q1', 1)).toBe('fy2025-Q4');
    expect(previousPeriod('fy2026-Q3', 12)).toBe('fy2025-Q3');
    expect(previousPeriod('2026-W01', 1)).toBe('2025-W52');
    expect(previousPeriod('2027-W01', 1)).toBe('2026-W53');
    expect(previousPeriod('2026-W53', 12)).toBe('2025-W52');
    expect(isoWeekOf('2025-12-29')).toBe('2026-W01');
    expect(isoWeekOf('2027-01-03')).toBe('2026-W53');
    expect(periodLabel('fy2026-Q4')).toBe('Q4 2026–27');
    expect(periodLabel('fy2026-Q4', true)).toBe('Q4 2026–27 (January to March 2027)');
    expect(periodLabel('2026-W44')).toBe('Week of 26 Oct 2026');
    expect(periodLabel('2026-W44', true)).toBe('Week 44 of 2026 (26 Oct to 1 Nov 2026)');
    expect(periodLabel('2026-W53', true)).toBe('Week 53 of 2026 (28 Dec 2026 to 3 Jan 2027)');
    expect(periodLabel('2026-W50', true)).toBe('Week 50 of 2026 (7 to 13 Dec 2026)');
    expect(historyStep('2026-W50')).toEqual({ one: 'week', many: 'weeks' });
    expect(historyStep('fy2026-Q1').many).toBe('quarters');
    expect(historyStep('fy2026').many).toBe('months');
    expect(['2026-11', 'fy2026', 'fy2026-Q3', '2026-W50'].map(packName)).toEqual(['Monthly pack', 'Annual pack', 'Quarterly pack', 'Weekly pack']);
    expect(periodKindWord('fy2026-Q3')).toBe('quarter');
    // A year is charted by its months: the running one's to this month, a closed one's to March.
    const now = new Date('2026-12-07T12:00:00Z');
    expect([historyPeriod('fy2026', now), historyPeriod('fy2025', now), historyPeriod('fy2026-Q2', now), historyPeriod('2026-W50', now)]).toEqual([
      '2026-12',
      '2026-03',
      'fy2026-Q2',
      '2026-W50',
    ]);
  });
});

describe('the period picker', () => {
  // Monday 7 December 2026: week 50, quarter 3 of 2026–27.
  const now = new Date('2026-12-07T10:00:00Z');

  it('offers this and last week and quarter beside this month, the months before and the financial years', () => {
    const options = periodOptions(now);
    expect(options.slice(0, 6)).toEqual([
      { value: 'current', text: 'This month so far (Dec 2026)' },
      { value: '2026-W50', text: 'This week so far (week 50, 7 to 13 Dec 2026)' },
      { value: '2026-W49', text: 'Last week (week 49, 30 Nov to 6 Dec 2026)' },
      { value: 'fy2026-Q3', text: 'This quarter so far (Q3 2026–27, October to December 2026)' },
      { value: 'fy2026-Q2', text: 'Last quarter (Q2 2026–27, July to September 2026)' },
      { value: '2026-11', text: 'Nov 2026' },
    ]);
    expect(options).toHaveLength(5 + 24 + 3);
    expect(options.slice(-3).map((o) => o.value)).toEqual(['fy2026', 'fy2025', 'fy2024']);
    expect(new Set(options.map((o) => o.value)).size).toBe(options.length);
  });

  it('crosses the year: in the first days of January last week is week 52 or 53 and this quarter is Q4', () => {
    const options = periodOptions(new Date('2027-01-02T12:00:00Z'));
    expect(options.slice(1, 5).map((o) => o.value)).toEqual(['2026-W53', '2026-W52', 'fy2026-Q4', 'fy2026-Q3']);
    expect(options[1].text).toBe('This week so far (week 53, 28 Dec 2026 to 3 Jan 2027)');
  });

  it('lists the period shown when it is not among the choices, so the picker does not name another', () => {
    expect(periodOptions(now, '2026-W10')[1]).toEqual({ value: '2026-W10', text: 'Week 10 of 2026 (2 to 8 Mar 2026)' });
    expect(periodOptions(now, 'fy2026-Q3')).toHaveLength(32);
    expect(periodOptions(now, 'current')).toHaveLength(32);
  });
});
