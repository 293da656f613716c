import { londonDateOf } from '@casewatch/timescales';
import { Scenario, uniqueId, waitFor, type ScenarioEvent } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { METRICS_BY_ID } from '../catalogue/metric-catalogue';
import type { CountDefinition, MetricDefinition } from '../catalogue/metric-definition';
import { resolvePeriod, type ResolvedPeriod } from '../catalogue/periods';
import { startMetrics } from '../testing/metrics-harness';
import { DayCountsStore } from './day-counts.store';
import { EventFiguresStore } from './event-figures.store';

jest.setTimeout(60_000);

const contacts = METRICS_BY_ID.get('contacts.received') as MetricDefinition;
const CONTACT = 'csc.contact.received';

/** The live counts kept with the events against the same counts read from the events. */
describe('day counts', () => {
  const s = new Scenario(uniqueId('daycounts'));
  let app: NestFastifyApplication;
  let dayCounts: DayCountsStore;
  let sql: EventFiguresStore;
  let db: DataSource;
  const now = Date.now();
  const recorded = new Date(now - 60_000).toISOString();
  const today = londonDateOf(now);
  const month = resolvePeriod('current', now) as ResolvedPeriod;
  const lastMonth = resolvePeriod(previousMonth(today.slice(0, 7)), now) as ResolvedPeriod;
  const contact = (subject: string, day: string) => s.event(subject, CONTACT, `${day}T10:00:00Z`, { contactId: `K-${subject}` }, recorded);

  const fromSql = async (period: ResolvedPeriod) =>
    (await sql.counts(contacts.definition as CountDefinition, { tenant: s.tenant, first: period.first, last: period.last, asAt: new Date().toISOString() }))
      .numerator;
  const stored = async (n: number) =>
    waitFor(
      async () => {
        const [row]: { n: number }[] = await db.query('SELECT count(*)::int AS n FROM case_events WHERE tenant = $1', [s.tenant]);
        return row.n >= n ? true : undefined;
      },
      { what: `${n} events stored` },
    );
  const rowsOf = async () => ((await db.query('SELECT count(*)::int AS n FROM event_day_counts WHERE tenant = $1', [s.tenant])) as { n: number }[])[0].n;

  const a = contact('C1', today);
  const b = contact('C2', today);
  const c = contact('C3', month.first);
  const d = contact('C4', today);
  const e = contact('C5', lastMonth.first);
  const f = contact('C6', lastMonth.last);

  beforeAll(async () => {
    app = await startMetrics();
    dayCounts = app.get(DayCountsStore);
    sql = app.get(EventFiguresStore);
    db = app.get(DataSource);
    await s.publishTenant({ name: 'Day counts', nation: 'england', population0to17: 1000 });
    await s.publishEvents([a, b, c, d, e, f, s.event('C1', 'csc.referral.received', `${today}T11:00:00Z`, { referralId: 'R1' }, recorded)]);
    await stored(7);
  });

  afterAll(async () => {
    await app.close();
    await s.close();
  });

  it('counts what the events count, per month kept', async () => {
    expect(await dayCounts.count(s.tenant, CONTACT, month.first, month.last)).toBe(4);
    expect(await fromSql(month)).toBe(4);
    expect(await dayCounts.count(s.tenant, CONTACT, lastMonth.first, lastMonth.last)).toBe(2);
    expect(await fromSql(lastMonth)).toBe(2);
  });

  it('leaves out an event sent again, a retracted one and a superseded one, and counts the one superseding it', async () => {
    const retraction = s.event('C2', 'csc.event.retracted', today, { id: b.id }, recorded);
    const correction: ScenarioEvent = { ...contact('C4', today), supersedes: d.id } as ScenarioEvent;
    await s.publishEvents([a, retraction, correction]);
    await stored(9);
    expect(await fromSql(month)).toBe(3);
    expect(await dayCounts.count(s.tenant, CONTACT, month.first, month.last)).toBe(3);
  });

  it('compacts to one row per type and day, the counts unchanged', async () => {
    const before = await rowsOf();
    await dayCounts.compact(s.tenant);
    expect(await rowsOf()).toBeLessThan(before);
    const days: { n: number }[] = await db.query('SELECT count(*)::int AS n FROM event_day_counts WHERE tenant = $1 GROUP BY type, day HAVING count(*) > 1', [
      s.tenant,
    ]);
    expect(days).toEqual([]);
    expect(await dayCounts.count(s.tenant, CONTACT, month.first, month.last)).toBe(3);
    expect(await dayCounts.count(s.tenant, CONTACT, lastMonth.first, lastMonth.last)).toBe(2);
    // Days already folded are not written again.
    const ctids = async () =>
      ((await db.query('SELECT ctid::text FROM event_day_counts WHERE tenant = $1 ORDER BY 1', [s.tenant])) as { ctid: string }[]).map((r) => r.ctid);
    const folded = await ctids();
    await dayCounts.compact(s.tenant);
    expect(await ctids()).toEqual(folded);
  });

  it('answers nothing for days not kept, or one whose count depends on the time of asking', async () => {
    expect(await dayCounts.count(s.tenant, CONTACT, '2020-01-01', '2020-01-31')).toBeUndefined();
    // Recorded in an hour: counted from then, so that month is counted from the events.
    await s.publishEvents([s.event('C7', CONTACT, `${today}T09:00:00Z`, { contactId: 'K-C7' }, new Date(now + 3_600_000).toISOString())]);
    await stored(10);
    expect(await dayCounts.count(s.tenant, CONTACT, month.first, month.last)).toBeUndefined();
    await dayCounts.compact(s.tenant);
    expect(await dayCounts.count(s.tenant, CONTACT, month.first, month.last)).toBeUndefined();
    expect(await fromSql(month)).toBe(3);
  });
});

function previousMonth(label: string): string {
  const [y, m] = label.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
