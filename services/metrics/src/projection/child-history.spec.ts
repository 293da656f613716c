import type { CaseEvent } from '@casewatch/contracts';
import { generateHistory } from '@casewatch/event-generator';
import { compileTenant, endOfLondonDay, evaluateChild, healthChecksAt, WorkingDayCalendar } from '@casewatch/timescales';
import fc from 'fast-check';
import { childHistory, type ChildHistory, NEVER, type StoredEvent } from './child-history';
import { checksAt, deadlineAt } from './projected-states';

/** As the event store keeps them: a retraction or correction marks what it withdrew, when recorded. */
function stored(events: CaseEvent[]): StoredEvent[] {
  const rec = (e: CaseEvent) => Date.parse(e.recordedtime ?? e.time);
  const removed = new Map<string, number>();
  const mark = (source: string, id: string, at: number) => removed.set(`${source} ${id}`, Math.min(at, removed.get(`${source} ${id}`) ?? Infinity));
  for (const e of events) {
    if (e.type === 'csc.event.retracted') mark(e.source, (e.data as { id: string }).id, rec(e));
    if (e.supersedes !== undefined) mark(e.source, e.supersedes, rec(e));
  }
  return events.map(({ supersedes: _, ...e }) => {
    const at = removed.get(`${e.source} ${e.id}`);
    return (at === undefined ? e : { ...e, removedAt: at }) as StoredEvent;
  });
}

/** The projection must say exactly what evaluating the child's events at (now, asAt) says. */
describe('childHistory', () => {
  const tenant = compileTenant({ nation: 'england' });
  const calendar = new WorkingDayCalendar({ nation: 'england' });
  const bySubject = new Map<string, CaseEvent[]>();
  for (const e of generateHistory({ tenant: 'tp', seed: 11, children: 120, from: '2024-01-01', to: '2026-06-30' }) as Iterable<CaseEvent>) {
    const list = bySubject.get(e.subject) ?? [];
    list.push(e);
    bySubject.set(e.subject, list);
  }
  const children = [...bySubject.values()];
  const histories = new Map<CaseEvent[], ChildHistory>(children.map((events) => [events, childHistory(stored(events), tenant)]));
  const FROM = Date.parse('2024-01-01T00:00:00Z');
  const TO = Date.parse('2026-09-01T00:00:00Z');

  const direct = (events: CaseEvent[], now: number, asAt: number) =>
    evaluateChild(events, tenant, { now, asAt })
      .map((d) => ({
        rule: d.rule,
        subject: d.subject,
        state: d.state,
        startedAt: d.startedAt,
        dueAt: d.dueAt,
        metAt: d.metAt,
        teamId: d.teamId,
        workerId: d.workerId,
      }))
      .map((d) => JSON.stringify(d))
      .sort();

  const projected = (events: CaseEvent[], now: number, asAt: number) => {
    const h = histories.get(events) as ChildHistory;
    const known = <T extends { knownFrom: number; knownTo: number }>(r: T) => r.knownFrom <= asAt && asAt < r.knownTo;
    const facts = h.facts.filter(known);
    const holder = facts.find((f) => f.kind === 'alloc' && f.fromAt <= now && now < f.toAt);
    return h.deadlines
      .filter((d) => known(d) && d.startedAt <= now)
      .map((d) => deadlineAt({ ...d, subject: events[0].subject }, now, holder))
      .map((d) =>
        JSON.stringify({
          rule: d.rule,
          subject: d.subject,
          state: d.state,
          startedAt: d.startedAt,
          dueAt: d.dueAt,
          metAt: d.metAt,
          teamId: d.teamId,
          workerId: d.workerId,
        }),
      )
      .sort();
  };

  it('has histories with corrections and late records to test against', () => {
    const late = children.filter((events) =>
      events.some((e) => e.recordedtime !== undefined && Date.parse(e.recordedtime) - Date.parse(e.time) > 7 * 86_400_000),
    );
    const corrected = children.filter((events) => events.some((e) => e.supersedes !== undefined || e.type === 'csc.event.retracted'));
    expect(late.length).toBeGreaterThan(5);
    expect(corrected.length).toBeGreaterThan(0);
    expect([...histories.values()].some((h) => h.deadlines.some((d) => d.knownTo < NEVER))).toBe(true);
  });

  it('gives every deadline as evaluating the events at any moment, as known at any later moment', () => {
    fc.assert(
      fc.property(fc.nat(children.length - 1), fc.integer({ min: FROM, max: TO }), fc.integer({ min: 0, max: 400 * 86_400_000 }), (i, now, later) => {
        const events = children[i];
        expect(projected(events, now, now + later)).toEqual(direct(events, now, now + later));
        expect(projected(events, now, now)).toEqual(direct(events, now, now));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives every deadline at month ends as known at the reporting cut-off and now', () => {
    for (const events of children) {
      for (let m = 0; m < 30; m++) {
        const now = endOfLondonDay(new Date(Date.UTC(2024, m + 1, 0)).toISOString().slice(0, 10));
        for (const asAt of [now, now + 14 * 86_400_000, TO]) expect(projected(events, now, asAt)).toEqual(direct(events, now, asAt));
      }
    }
  });

  it('gives every looked-after child’s health and dental checks', () => {
    fc.assert(
      fc.property(fc.nat(children.length - 1), fc.integer({ min: FROM, max: TO }), fc.integer({ min: 0, max: 400 * 86_400_000 }), (i, now, later) => {
        const events = children[i];
        const h = histories.get(events) as ChildHistory;
        const asAt = now + later;
        const facts = h.facts.filter((f) => f.knownFrom <= asAt && asAt < f.knownTo);
        expect(checksAt(events[0].subject, facts, calendar, now)).toEqual(healthChecksAt(events, calendar, now, asAt));
      }),
      { numRuns: 3000 },
    );
  });
});
