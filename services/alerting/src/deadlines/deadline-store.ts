import type { Deadline } from '@casewatch/timescales';
import { deadlineState } from '@casewatch/timescales';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { TrackedState } from '../alerts/alert-transitions';
import { AlertWriter, type DeadlineStateChange } from '../alerts/alert-writer';

// As nextStateChangeAt in @casewatch/timescales: the warning, else just after dueAt.
const NEXT_CHANGE = `CASE WHEN state = 'open' AND warn_at < due_at THEN warn_at ELSE due_at + interval '1 millisecond' END`;

/** A child and its deadlines as just evaluated. */
export interface EvaluatedChild {
  tenant: string;
  subject: string;
  deadlines: Deadline[];
}

// Times travel as epoch ms and become timestamps in PostgreSQL: formatting them in Node cost more.
const ms = (column: string) => `to_timestamp(u.${column} / 1000.0)`;

/** Deadlines in PostgreSQL, and the alerts their changes call for, in the caller's transaction. */
@Injectable()
export class DeadlineStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly alerts: AlertWriter,
  ) {}

  /**
   * Replaces children's deadlines with fresh evaluations, all in one statement each; a deadline
   * that vanished (anchor withdrawn, rule switched off) is cancelled.
   */
  async syncChildren(m: EntityManager, children: EvaluatedChild[], now: Date): Promise<void> {
    if (children.length === 0) return;
    const before: { deadline_id: string; tenant: string; subject: string; rule: string; state: string; team_id: string | null; worker_id: string | null }[] =
      await m.query(
        `SELECT d.deadline_id, d.tenant, d.subject, d.rule, d.state, d.team_id, d.worker_id FROM deadlines d
         JOIN unnest($1::text[], $2::text[]) AS c(tenant, subject) ON d.tenant = c.tenant AND d.subject = c.subject
         ORDER BY d.deadline_id FOR UPDATE OF d`,
        [children.map((c) => c.tenant), children.map((c) => c.subject)],
      );
    const all = children.flatMap((c) => c.deadlines.map((d) => ({ tenant: c.tenant, subject: c.subject, d })));
    if (all.length > 0) {
      // One JSON document for all rows: PostgreSQL parses it natively, where fourteen array
      // parameters would be escaped element by element in Node.
      const doc = all.map(({ tenant, subject, d }) => ({
        id: d.deadlineId,
        tenant,
        subject,
        rule: d.rule,
        state: d.state,
        started: d.startedAt,
        start_date: d.startDate,
        due: d.dueAt,
        warn: d.warnAt,
        met: d.metAt ?? null,
        cancelled: d.cancelledAt ?? null,
        team: d.teamId ?? null,
        worker: d.workerId ?? null,
        explain: d.explain,
      }));
      await m.query(
        `INSERT INTO deadlines (deadline_id, tenant, subject, rule, state, started_at, start_date, due_at, warn_at, met_at, cancelled_at, team_id, worker_id, explain)
         SELECT u.id, u.tenant, u.subject, u.rule, u.state, ${ms('started')}, u.start_date, ${ms('due')}, ${ms('warn')}, ${ms('met')}, ${ms('cancelled')},
           u.team, u.worker, u.explain
         FROM jsonb_to_recordset($1::jsonb) AS u(id text, tenant text, subject text, rule text, state text, started float8, start_date date,
           due float8, warn float8, met float8, cancelled float8, team text, worker text, explain text)
         ON CONFLICT (deadline_id) DO UPDATE SET state = EXCLUDED.state, due_at = EXCLUDED.due_at, warn_at = EXCLUDED.warn_at,
           met_at = EXCLUDED.met_at, cancelled_at = EXCLUDED.cancelled_at, team_id = EXCLUDED.team_id,
           worker_id = EXCLUDED.worker_id, explain = EXCLUDED.explain`,
        [JSON.stringify(doc)],
      );
    }
    const present = new Set(all.map((x) => x.d.deadlineId));
    const gone = before.filter((b) => !present.has(b.deadline_id) && b.state !== 'cancelled');
    if (gone.length > 0) {
      await m.query(`UPDATE deadlines SET state = 'cancelled', cancelled_at = $2 WHERE deadline_id = ANY($1::text[])`, [
        gone.map((g) => g.deadline_id),
        now.toISOString(),
      ]);
    }
    const changes: DeadlineStateChange[] = [
      ...all.map(({ tenant, subject, d }) => ({
        deadlineId: d.deadlineId,
        tenant,
        subject,
        rule: d.rule,
        state: d.state as TrackedState,
        teamId: d.teamId ?? null,
        workerId: d.workerId ?? null,
      })),
      ...gone.map((g) => ({
        deadlineId: g.deadline_id,
        tenant: g.tenant,
        subject: g.subject,
        rule: g.rule,
        state: 'gone' as const,
        teamId: g.team_id,
        workerId: g.worker_id,
      })),
    ];
    await this.alerts.write(m, changes, now);
  }

  /** Moves deadlines whose time has come (due-soon, overdue) and fires their alerts. */
  async advanceByClock(deadlineIds: string[], now: Date): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const rows: {
        deadline_id: string;
        tenant: string;
        subject: string;
        rule: string;
        state: string;
        due_at: Date;
        warn_at: Date;
        team_id: string | null;
        worker_id: string | null;
      }[] = await m.query(
        `SELECT deadline_id, tenant, subject, rule, state, due_at, warn_at, team_id, worker_id FROM deadlines
           WHERE deadline_id = ANY($1::text[]) AND state IN ('open', 'due-soon') ORDER BY deadline_id FOR UPDATE`,
        [deadlineIds],
      );
      const changes: DeadlineStateChange[] = [];
      for (const r of rows) {
        const state = deadlineState({ dueAt: r.due_at.getTime(), warnAt: r.warn_at.getTime() }, now.getTime());
        if (state !== r.state)
          changes.push({ deadlineId: r.deadline_id, tenant: r.tenant, subject: r.subject, rule: r.rule, state, teamId: r.team_id, workerId: r.worker_id });
      }
      if (changes.length > 0) {
        await m.query(`UPDATE deadlines d SET state = u.state FROM unnest($1::text[], $2::text[]) AS u(id, state) WHERE d.deadline_id = u.id`, [
          changes.map((c) => c.deadlineId),
          changes.map((c) => c.state),
        ]);
      }
      await this.alerts.write(m, changes, now);
    });
  }

  /**
   * Open deadlines and when each next changes by the clock (epoch ms), to rebuild the timers at
   * start: in pages by id, as numbers, so a million of them never sit in memory as row objects.
   */
  async *pendingTransitions(pageSize = 20_000): AsyncGenerator<{ deadline_id: string; at: number }[]> {
    let after = '';
    for (;;) {
      const rows: { deadline_id: string; at: number }[] = await this.dataSource.query(
        `SELECT deadline_id, floor(extract(epoch from ${NEXT_CHANGE}) * 1000)::float8 AS at FROM deadlines
         WHERE state IN ('open', 'due-soon') AND deadline_id > $1 ORDER BY deadline_id LIMIT $2`,
        [after, pageSize],
      );
      if (rows.length === 0) return;
      yield rows;
      after = rows[rows.length - 1].deadline_id;
    }
  }

  pendingTransitionsOf(ids: string[]): Promise<{ deadline_id: string; at: Date }[]> {
    return this.dataSource.query(
      `SELECT deadline_id, ${NEXT_CHANGE} AS at FROM deadlines WHERE deadline_id = ANY($1::text[]) AND state IN ('open', 'due-soon')`,
      [ids],
    );
  }
}
