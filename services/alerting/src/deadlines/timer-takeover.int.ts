import { Scenario, uniqueId, waitFor } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { startAlerting } from '../testing/alerting-harness';
import { DeadlineTimer } from './deadline-timer';

jest.setTimeout(120_000);

/**
 * Two instances in one group: the one whose partition opened a deadline times it. When it stops
 * before dueAt, the other takes over its timers at the rebalance and the alert still fires, once.
 */
describe('deadline timers across instances', () => {
  const s = new Scenario(uniqueId('takeover'));
  const group = uniqueId('alerting-takeover');
  const apps: NestFastifyApplication[] = [];

  beforeAll(async () => {
    apps.push(await startAlerting({ ALERTING_CONSUMER_GROUP: group }));
    apps.push(await startAlerting({ ALERTING_CONSUMER_GROUP: group }));
    await s.publishTenant({ name: 'Takeover', nation: 'england', population0to17: 1000 });
  });

  afterAll(async () => {
    for (const app of apps) await app.close().catch(() => undefined);
    await s.close();
  });

  it('fires the overdue alert of a deadline opened by an instance that stopped', async () => {
    // Return interviews are due 72 clock hours after the return: this one falls due in ~20 s.
    await s.publishEvents([
      s.event('C1', 'csc.missing.started', new Date(Date.now() - 80 * 3_600_000).toISOString(), { missingId: 'M1', kind: 'missing' }),
      s.event('C1', 'csc.missing.ended', new Date(Date.now() - 72 * 3_600_000 + 20_000).toISOString(), { missingId: 'M1' }),
    ]);
    const db = apps[0].get(DataSource);
    const deadline = await waitFor(
      async () => {
        const rows: { deadline_id: string }[] = await db.query(
          "SELECT deadline_id FROM deadlines WHERE tenant = $1 AND rule = 'return-interview' AND state IN ('open', 'due-soon')",
          [s.tenant],
        );
        return rows[0]?.deadline_id;
      },
      { what: 'the deadline' },
    );
    const owner = await waitFor(
      () => {
        const i = apps.findIndex((a) => a.get(DeadlineTimer).isScheduled(deadline));
        return i >= 0 ? i : undefined;
      },
      { what: 'an instance timing it' },
    );
    const other = apps[1 - owner];
    // Started before the deadline existed, the other instance does not time it yet.
    expect(other.get(DeadlineTimer).isScheduled(deadline)).toBe(false);

    await apps[owner].close();
    apps.splice(owner, 1);
    await waitFor(() => (other.get(DeadlineTimer).isScheduled(deadline) ? true : undefined), { what: 'timers taken over', timeoutMs: 60_000 });
    const alerts = await waitFor(
      async () => {
        const rows: { kind: string }[] = await other
          .get(DataSource)
          .query('SELECT kind FROM alerts WHERE tenant = $1 AND deadline_id = $2', [s.tenant, deadline]);
        return rows.some((r) => r.kind === 'overdue') ? rows : undefined;
      },
      { what: 'the overdue alert', timeoutMs: 60_000 },
    );
    expect(alerts.filter((r) => r.kind === 'overdue')).toHaveLength(1);
  });
});
