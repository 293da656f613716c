import type { Deadline } from '@casewatch/timescales';
import { deadlineState } from '@casewatch/timescales';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { TrackedState } from '../alerts/alert-transitions';
import { AlertWriter, type DeadlineStateChange } from '../alerts/alert-writer';

// As nextStateChangeAt in @casewatch/timescales: the warning, else just after dueAt.
const NEXT_CHANGE = `CASE WHEN state = 'open' AND warn_at < due_at THEN warn_at ELSE due_at + interval '1 millisecond' END`;

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

/** Deadlines in PostgreSQL, and the alerts their changes call for, in one transaction each. */
@Injectable()
export class DeadlineStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly alerts: AlertWriter,
  ) {}

  /** Replaces a child's deadlines with a fresh evaluation; a vanished one (anchor withdrawn) is cancelled. */
  async syncChild(m: EntityManager, tenant: string, subject: string, deadlines: Deadline[], now: Date): Promise<void> {
    const before: { deadline_id: string; rule: string; state: string; team_id: string | null; worker_id: string | null }[] = await m.query(
      'SELECT deadline_id, rule, state, team_id, worker_id FROM deadlines WHERE tenant = $1 AND subject = $2 FOR UPDATE',
      [tenant, subject],
    );
    if (deadlines.length > 0) {
      const col = <T>(f: (d: Deadline) => T) => deadlines.map(f);
      await m.query(
        `INSERT INTO deadlines (deadline_id, tenant, subject, rule, state, started_at, start_date, due_at, warn_at, met_at, cancelled_at, team_id, worker_id, explain)
         SELECT u.id, $1, $2, u.rule, u.state, u.started, u.start_date, u.due, u.warn, u.met, u.cancelled, u.team, u.worker, u.explain
         FROM unnest($3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::date[], $8::timestamptz[], $9::timestamptz[],
                     $10::timestamptz[], $11::timestamptz[], $12::text[], $13::text[], $14::text[])
           AS u(id, rule, state, started, start_date, due, warn, met, cancelled, team, worker, explain)
         ON CONFLICT (deadline_id) DO UPDATE SET state = EXCLUDED.state, due_at = EXCLUDED.due_at, warn_at = EXCLUDED.warn_at,
           met_at = EXCLUDED.met_at, cancelled_at = EXCLUDED.cancelled_at, team_id = EXCLUDED.team_id,
           worker_id = EXCLUDED.worker_id, explain = EXCLUDED.explain`,
        [
          tenant,
          subject,
          col((d) => d.deadlineId),
          col((d) => d.rule),
          col((d) => d.state),
          col((d) => iso(d.startedAt)),
          col((d) => d.startDate),
          col((d) => iso(d.dueAt)),
          col((d) => iso(d.warnAt)),
          col((d) => iso(d.metAt)),
          col((d) => iso(d.cancelledAt)),
          col((d) => d.teamId ?? null),
          col((d) => d.workerId ?? null),
          col((d) => d.explain),
        ],
      );
    }
    const present = new Set(deadlines.map((d) => d.deadlineId));
    const gone = before.filter((b) => !present.has(b.deadline_id) && b.state !== 'cancelled');
    if (gone.length > 0) {
      await m.query(`UPDATE deadlines SET state = 'cancelled', cancelled_at = $2 WHERE deadline_id = ANY($1::text[])`, [
        gone.map((g) => g.deadline_id),
        now.toISOString(),
      ]);
    }
    const changes: DeadlineStateChange[] = [
      ...deadlines.map((d) => ({ deadlineId: d.deadlineId, tenant, subject, rule: d.rule, state: d.state as TrackedState, teamId: d.teamId ?? null, workerId: d.workerId ?? null })),
      ...gone.map((g) => ({ deadlineId: g.deadline_id, tenant, subject, rule: g.rule, state: 'gone' as const, teamId: g.team_id, workerId: g.worker_id })),
    ];
    await this.alerts.write(m, changes, now);
  }

  /** Moves deadlines whose time has come (due-soon, overdue) and fires their alerts. */
  async advanceByClock(deadlineIds: string[], now: Date): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const rows: { deadline_id: string; tenant: string; subject: string; rule: string; state: string; due_at: Date; warn_at: Date; team_id: string | null; worker_id: string | null }[] =
        await m.query(
          `SELECT deadline_id, tenant, subject, rule, state, due_at, warn_at, team_id, worker_id FROM deadlines
           WHERE deadline_id = ANY($1::text[]) AND state IN ('open', 'due-soon') FOR UPDATE`,
          [deadlineIds],
        );
      const changes: DeadlineStateChange[] = [];
      for (const r of rows) {
        const state = deadlineState({ dueAt: r.due_at.getTime(), warnAt: r.warn_at.getTime() }, now.getTime());
        if (state === r.state) continue;
        await m.query('UPDATE deadlines SET state = $2 WHERE deadline_id = $1', [r.deadline_id, state]);
        changes.push({ deadlineId: r.deadline_id, tenant: r.tenant, subject: r.subject, rule: r.rule, state, teamId: r.team_id, workerId: r.worker_id });
      }
      await this.alerts.write(m, changes, now);
    });
  }

  /** Open deadlines and when each next changes by the clock, to rebuild the timers at start. */
  pendingTransitions(): Promise<{ deadline_id: string; at: Date }[]> {
    return this.dataSource.query(`SELECT deadline_id, ${NEXT_CHANGE} AS at FROM deadlines WHERE state IN ('open', 'due-soon')`);
  }

  pendingTransitionsOf(ids: string[]): Promise<{ deadline_id: string; at: Date }[]> {
    return this.dataSource.query(
      `SELECT deadline_id, ${NEXT_CHANGE} AS at FROM deadlines WHERE deadline_id = ANY($1::text[]) AND state IN ('open', 'due-soon')`,
      [ids],
    );
  }
}
