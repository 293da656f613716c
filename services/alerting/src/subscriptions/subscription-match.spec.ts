import { backoffMs, matchesFilter } from './subscription-match';

describe('subscription filters and retry backoff', () => {
  const alert = { rule: 'cp-visit', kind: 'overdue' as const, teamId: 'T1', workerId: 'SW1' };

  it('passes an alert only when every given list holds its value', () => {
    expect(matchesFilter(alert, null)).toBe(true);
    expect(matchesFilter(alert, { rules: ['cp-visit'], kinds: ['overdue', 'resolved'] })).toBe(true);
    expect(matchesFilter(alert, { rules: ['lac-visit'] })).toBe(false);
    expect(matchesFilter(alert, { kinds: ['due-soon'] })).toBe(false);
    expect(matchesFilter(alert, { teams: ['T2'] })).toBe(false);
    expect(matchesFilter({ ...alert, teamId: undefined }, { teams: ['T1'] })).toBe(false);
    expect(matchesFilter(alert, { workers: ['SW1'] })).toBe(true);
  });

  it('waits a random time up to base·2^attempt, never beyond the cap', () => {
    expect(backoffMs(0, 1000, 60_000, () => 0.999)).toBe(999);
    expect(backoffMs(3, 1000, 60_000, () => 0.5)).toBe(4000);
    expect(backoffMs(20, 1000, 60_000, () => 0.999)).toBe(59_940);
    expect(backoffMs(5, 1000, 60_000, () => 0)).toBe(0);
  });
});
