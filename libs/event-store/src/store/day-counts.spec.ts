import { mayBeCounted } from './day-counts';

describe('mayBeCounted', () => {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

  it('keeps the first of last month, and every later day, on every day of a year', () => {
    for (let now = Date.parse('2026-01-01T00:30:00Z'); now < Date.parse('2027-01-01T00:00:00Z'); now += 86_400_000) {
      const today = new Date(now);
      // The first of last month as DAY_COUNTS_FROM takes it (London is never more than a day apart).
      const first = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1) - 86_400_000);
      expect([day(now), day(first.getTime())].map((d) => mayBeCounted(d, now))).toEqual([true, true]);
    }
  });

  it('leaves out what is older than any window', () => {
    const now = Date.parse('2026-12-08T03:00:00Z');
    expect(mayBeCounted('2026-09-30', now)).toBe(false);
    expect(mayBeCounted('2021-04-01', now)).toBe(false);
  });
});
