import { TOPICS } from '@casewatch/contracts';
import { Scenario, TopicReader, uniqueId, waitFor } from '@casewatch/testing';
import { addDays, londonDateOf, RULES_ENGINE_VERSION, WorkingDayCalendar } from '@casewatch/timescales';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { startAlerting } from '../testing/alerting-harness';
import { ruleConfigOf, rulesVersion } from '@casewatch/tenant-settings';

jest.setTimeout(120_000);

interface Row {
  subject: string;
  rule: string;
  state: string;
  due_at: Date;
}
interface TopicAlert {
  deadlineId: string;
  subject: string;
  rule: string;
  kind: string;
  reason?: string;
  firedAt: string;
}

/** Backdated events open deadlines under one set of rules; new settings must move them, with their alerts. */
describe('re-evaluating a tenant when its rules change', () => {
  const s = new Scenario(uniqueId('reval'));
  const topic = new TopicReader(TOPICS.alerts);
  const group = uniqueId('alerting-reval');
  const today = londonDateOf(Date.now());
  const england = new WorkingDayCalendar({ nation: 'england' });
  const referral = addDays(today, -10);
  const cinStart = addDays(today, -7);
  const closure = england.addWorkingDays(referral, 5);
  const base = { name: 'Reval', nation: 'england', population0to17: 1000 };
  const v2 = {
    ...base,
    closureDays: [closure],
    rules: { 'cp-visit': { enabled: false }, 'cin-visit': { limit: { n: 1, unit: 'working-days' } }, 'return-interview': { limit: { n: 1, unit: 'hours' } } },
  };
  let app: NestFastifyApplication;
  let mark: Map<number, string>;

  const db = () => app.get(DataSource);
  const deadlines = async (): Promise<Row[]> =>
    db().query('SELECT subject, rule, state, due_at FROM deadlines WHERE tenant = $1 ORDER BY subject, rule', [s.tenant]);
  const one = async (subject: string, rule: string) => (await deadlines()).find((d) => d.subject === subject && d.rule === rule);
  const evaluation = async () =>
    (await db().query('SELECT rules_version, target_version, cursor FROM tenant_evaluations WHERE tenant = $1', [s.tenant]))[0] as
      { rules_version: string; target_version: string | null; cursor: string | null } | undefined;
  const alerts = async (): Promise<TopicAlert[]> =>
    (await topic.readSince(mark, (m) => m.key?.startsWith(`${s.tenant}:`) ?? false)).map((m) => JSON.parse(m.value as string));
  const kindsOf = (list: TopicAlert[], subject: string) =>
    list
      .filter((a) => a.subject === subject)
      .map((a) => a.kind)
      .sort();
  const version = (settings: object) => `${rulesVersion(ruleConfigOf(settings as Parameters<typeof ruleConfigOf>[0]))}:${RULES_ENGINE_VERSION}`;

  beforeAll(async () => {
    mark = await topic.mark();
    app = await startAlerting({ ALERTING_CONSUMER_GROUP: group });
  });

  afterAll(async () => {
    await app.close();
    await s.close();
    await topic.close();
  });

  it('records the rules a tenant with no children yet starts with, without a job', async () => {
    await s.publishTenant({ ...base, updatedAt: '2026-11-01T00:00:00Z' });
    const row = await waitFor(evaluation, { what: 'the tenant evaluation row' });
    expect(row).toEqual({ rules_version: version(base), target_version: null, cursor: null });
  });

  it('moves due dates, cancels deadlines of a rule switched off, fires the alerts this calls for once, and re-times the clock', async () => {
    const endedAt = Date.now() - 3_600_000 + 10_000;
    await s.publishEvents([
      s.event('C1', 'csc.cp-plan.started', addDays(today, -40), { cpPlanId: 'P1', category: 'NEG' }),
      s.event('C2', 'csc.cin-plan.started', cinStart, { cinPlanId: 'N2' }),
      s.event('C3', 'csc.referral.received', referral, { referralId: 'R3', source: '3A', primaryNeed: 'N1', factors: [] }),
      s.event('C4', 'csc.missing.started', new Date(endedAt - 3_600_000).toISOString(), { missingId: 'M4', kind: 'missing' }),
      // Due 72 hours after this under the default rule; one hour after it (~10 s from now) under v2.
      s.event('C4', 'csc.missing.ended', new Date(endedAt).toISOString(), { missingId: 'M4' }),
    ]);
    await waitFor(async () => ((await deadlines()).length === 4 ? true : undefined), { what: 'four deadlines' });
    const before = await deadlines();
    expect(before.map((d) => [d.subject, d.rule, d.state])).toEqual([
      ['C1', 'cp-visit', 'overdue'],
      ['C2', 'cin-visit', 'open'],
      ['C3', 'assessment', 'open'],
      ['C4', 'return-interview', expect.stringMatching(/^(open|due-soon)$/)],
    ]);
    await waitFor(async () => ((await alerts()).some((a) => a.subject === 'C1') ? true : undefined), { what: 'the C1 overdue alert' });

    await s.publishTenant({ ...v2, updatedAt: '2026-11-02T00:00:00Z' });
    await waitFor(
      async () => {
        const row = await evaluation();
        return row?.rules_version === version(v2) && row.target_version === null ? row : undefined;
      },
      { what: 're-evaluation with the new rules' },
    );

    const closed = new WorkingDayCalendar({ nation: 'england', closureDays: [closure] });
    expect(await one('C1', 'cp-visit')).toMatchObject({ state: 'cancelled' });
    const c2 = await one('C2', 'cin-visit');
    expect(c2).toMatchObject({ state: 'overdue' });
    expect(londonDateOf((c2 as Row).due_at.getTime())).toBe(closed.addWorkingDays(cinStart, 1));
    // The closure day lies inside the 45 working days: the assessment is due a working day later.
    const c3 = await one('C3', 'assessment');
    expect(c3).toMatchObject({ state: 'open' });
    expect(londonDateOf((c3 as Row).due_at.getTime())).toBe(closed.addWorkingDays(referral, 45));
    expect(closed.addWorkingDays(referral, 45)).toBe(england.addWorkingDays(england.addWorkingDays(referral, 45), 1));
    const c4 = await one('C4', 'return-interview');
    expect((c4 as Row).due_at.getTime()).toBe(endedAt + 3_600_000);

    // The shortened return interview falls due in seconds: the timer was moved with it.
    const overdue = await waitFor(async () => (await alerts()).find((a) => a.subject === 'C4' && a.kind === 'overdue'), {
      what: 'the C4 overdue alert',
      timeoutMs: 30_000,
    });
    // Fired by the re-armed timer (the old one was 71 hours away); the lag itself is the benchmark's.
    expect(Date.parse(overdue.firedAt) - (endedAt + 3_600_000)).toBeGreaterThanOrEqual(0);
    expect(Date.parse(overdue.firedAt) - (endedAt + 3_600_000)).toBeLessThan(10_000);

    await new Promise((r) => setTimeout(r, 1000)); // room for a duplicate to show up
    const found = await alerts();
    expect(kindsOf(found, 'C1')).toEqual(['overdue', 'resolved']);
    expect(found.find((a) => a.subject === 'C1' && a.kind === 'resolved')).toMatchObject({ reason: 'cancelled' });
    expect(kindsOf(found, 'C2')).toEqual(['overdue']);
    expect(kindsOf(found, 'C3')).toEqual([]);
    expect(kindsOf(found, 'C4').filter((k) => k === 'overdue')).toHaveLength(1);
  });

  it('fires nothing again when the same rules are published again or the service restarts', async () => {
    const before = await alerts();
    await s.publishTenant({ ...v2, name: 'Renamed', updatedAt: '2026-11-03T00:00:00Z' });
    await app.close();
    app = await startAlerting({ ALERTING_CONSUMER_GROUP: group });
    await waitFor(async () =>
      (await db().query('SELECT settings FROM tenant_settings WHERE tenant = $1', [s.tenant]))[0]?.settings.name === 'Renamed' ? true : undefined,
    );
    await new Promise((r) => setTimeout(r, 1500));
    expect(await evaluation()).toMatchObject({ rules_version: version(v2), target_version: null });
    expect((await alerts()).length).toBe(before.length);
  });

  it('finishes after a restart a job that a crash left half done, from the last child recorded', async () => {
    // v3 switches cp-visit back on and drops the closure day. As a crash after a first chunk
    // leaves it: v3 stored, its job recorded as done up to C2, the service gone.
    const v3 = { ...v2, closureDays: [], rules: { 'cin-visit': v2.rules['cin-visit'], 'return-interview': v2.rules['return-interview'] } };
    await db().query(`UPDATE tenant_settings SET settings = $2, updated_at = '2026-11-04T00:00:00Z' WHERE tenant = $1`, [s.tenant, JSON.stringify(v3)]);
    await db().query(`UPDATE tenant_evaluations SET target_version = $2, cursor = 'C2' WHERE tenant = $1`, [s.tenant, version(v3)]);
    await app.close();
    await s.publishTenant({ ...v3, updatedAt: '2026-11-04T00:00:00Z' });
    app = await startAlerting({ ALERTING_CONSUMER_GROUP: group });
    await waitFor(async () => ((await evaluation())?.rules_version === version(v3) ? true : undefined), { what: 'the job to finish' });
    // C3 came after the cursor: re-evaluated without the closure day. C1 was recorded as done
    // before the "crash", so it was not walked again: its cp-visit deadline stays cancelled.
    expect(londonDateOf(((await one('C3', 'assessment')) as Row).due_at.getTime())).toBe(england.addWorkingDays(referral, 45));
    expect(await one('C1', 'cp-visit')).toMatchObject({ state: 'cancelled' });
    expect(await evaluation()).toEqual({ rules_version: version(v3), target_version: null, cursor: null });
  });
});
