import type { KnownTenant } from '@casewatch/tenant-settings';
import { WorkingDayCalendar } from '@casewatch/timescales';
import type { DataSource } from 'typeorm';
import { ChildDeadlines } from './child-deadlines';
import { ChildEventsStore } from './child-events.store';

/** The memo of one evaluation per (tenant, moment, knowledge): pure logic, the store is a stub. */
describe('ChildDeadlines memo', () => {
  const known: KnownTenant = {
    settings: { name: 'T', nation: 'england', population0to17: 1000 },
    calendar: new WorkingDayCalendar({ nation: 'england' }),
    updatedAt: 1,
  };
  let release: () => void = () => undefined;
  const query = jest.fn(
    () =>
      new Promise<{ last: null }[]>((resolve) => {
        release = () => resolve([{ last: null }]);
      }),
  );
  const subject = new ChildDeadlines(new ChildEventsStore({ query } as unknown as DataSource));

  beforeEach(() => {
    jest.useFakeTimers({ now: Date.parse('2026-12-04T12:00:00Z') });
    query.mockClear();
  });
  afterEach(() => jest.useRealTimers());

  it('shares an evaluation still running, however long it has run', async () => {
    const first = subject.states('t', known, 1000, 1000);
    jest.setSystemTime(Date.now() + 60_000); // a tenant of 100,000 children takes about this long
    const second = subject.states('t', known, 1000, 1000);
    expect(second).toBe(first);
    release();
    await expect(first).resolves.toEqual({ deadlines: [], checks: [] });
    expect(query).toHaveBeenCalledTimes(1);
  });

  it('evaluates again once a finished evaluation is older than the memo allows', async () => {
    const first = subject.states('t', known, 2000, 2000);
    release();
    await first;
    expect(subject.states('t', known, 2000, 2000)).toBe(first);
    jest.setSystemTime(Date.now() + 2_500);
    const again = subject.states('t', known, 2000, 2000);
    expect(again).not.toBe(first);
    release();
    await again;
    expect(query).toHaveBeenCalledTimes(2);
  });

  it('keeps a long evaluation for twice as long as it took', async () => {
    const first = subject.states('t', known, 3000, 3000);
    jest.setSystemTime(Date.now() + 30_000);
    release();
    await first;
    jest.setSystemTime(Date.now() + 50_000); // the other period's evaluation, as long again
    expect(subject.states('t', known, 3000, 3000)).toBe(first);
    jest.setSystemTime(Date.now() + 11_000);
    const again = subject.states('t', known, 3000, 3000);
    expect(again).not.toBe(first);
    release();
    await again;
  });
});
