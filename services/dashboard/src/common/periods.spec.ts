import { BadQuery, checkAsAt, checkPeriod, checkScope, endOfLondonDay, periodLabel, previousPeriod } from './periods';

describe('query values', () => {
  it('accepts the periods of api.md and refuses others', () => {
    expect(checkPeriod(undefined)).toBe('current');
    expect(checkPeriod('2026-11')).toBe('2026-11');
    expect(checkPeriod('fy2026')).toBe('fy2026');
    expect(() => checkPeriod('2026-13')).toThrow(BadQuery);
    expect(() => checkPeriod('current', false)).toThrow(BadQuery);
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
});
