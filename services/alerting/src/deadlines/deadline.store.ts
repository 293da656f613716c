import type { DeadlineState } from '@casewatch/contracts';
import { timestampText } from '@casewatch/service-kit';
import type { Deadline } from '@casewatch/timescales';
import { copyRows, copyText } from '@casewatch/event-store';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { DeadlineRow } from './deadline-row';

// As nextStateChangeAt in @casewatch/timescales: the warning, else just after dueAt.
const NEXT_CHANGE = `CASE WHEN state = 'open' AND warn_at < due_at THEN warn_at ELSE due_at + interval '1 millisecond' END`;

// Times travel as epoch ms and become timestamps in PostgreSQL: formatting them in Node cost more.
const ms = (column: string) => `to_timestamp(u.${column} / 1000.0)`;

interface Child {
  tenant: string;
  subject: string;
}

/** A deadline as evaluated, with its child. */
export interface ChildDeadline extends Child {
  d: Deadline;
}

/** A stored deadline's identity and state, as the alerts it calls for need them. */
export interface StoredDeadline {
  deadline_id: string;
  tenant: string;
  subject: string;
  rule: string;
  state: string;
  team_id: string | null;
  worker_id: string | null;
}

export interface DeadlineFilter {
  states: DeadlineState[];
  rule?: string;
  subject?: string;
  teamId?: string;
  workerId?: string;
}

/** Rows to read after the sort key (due_at to the microsecond, deadline_id) of the previous page's last. */
export interface DeadlinePage {
  limit: number;
  after?: [string, string];
}

const STAGED = ['id', 'tenant', 'subject', 'rule', 'state', 'started', 'start_date', 'due', 'warn', 'met', 'cancelled', 'team', 'worker', 'explain'];

/** The deadlines table. */
@Injectable()
export class DeadlineStore {
  constructor(private readonly dataSource: DataSource) {}

  /** The transaction commits without waiting for the WAL flush. */
  async commitWithoutFlushWait(m: EntityManager): Promise<void> {
    await m.query('SET LOCAL synchronous_commit TO off');
  }

  /** Takes each child's lock for the rest of the transaction, in the order given. */
  async lockChildren(m: EntityManager, children: Child[]): Promise<void> {
    await m.query(
      `SELECT pg_advisory_xact_lock(hashtext(c.tenant), hashtext(c.subject))
       FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS c(tenant, subject, n) ORDER BY c.n`,
      [children.map((c) => c.tenant), children.map((c) => c.subject)],
    );
  }

  /** The children's deadlines as they stand, locked (FOR UPDATE) in id order. */
  lockedOfChildren(m: EntityManager, children: Child[]): Promise<StoredDeadline[]> {
    return m.query(
      `SELECT d.deadline_id, d.tenant, d.subject, d.rule, d.state, d.team_id, d.worker_id FROM deadlines d
       JOIN unnest($1::text[], $2::text[]) AS c(tenant, subject) ON d.tenant = c.tenant AND d.subject = c.subject
       ORDER BY d.deadline_id FOR UPDATE OF d`,
      [children.map((c) => c.tenant), children.map((c) => c.subject)],
    );
  }

  /** Inserts or updates the deadlines: COPY into the session's staging table, then one statement. */
  async upsert(m: EntityManager, deadlines: ChildDeadline[]): Promise<void> {
    // Made once per session, emptied at every commit; IF NOT EXISTS each time, as a transaction
    // that made it and then failed took it away again.
    await m.query(
      `CREATE TEMP TABLE IF NOT EXISTS deadlines_in (id text, tenant text, subject text, rule text, state text, started float8, start_date date,
         due float8, warn float8, met float8, cancelled float8, team text, worker text, explain text) ON COMMIT DELETE ROWS`,
    );
    let lines = '';
    for (const { tenant, subject, d } of deadlines) {
      lines += `${copyText(d.deadlineId)}\t${copyText(tenant)}\t${copyText(subject)}\t${copyText(d.rule)}\t${copyText(d.state)}\t${d.startedAt}\t${copyText(d.startDate)}\t${d.dueAt}\t${d.warnAt}\t${d.metAt ?? '\\N'}\t${d.cancelledAt ?? '\\N'}\t${copyText(d.teamId)}\t${copyText(d.workerId)}\t${copyText(d.explain)}\n`;
    }
    await copyRows(m, 'deadlines_in', STAGED, lines);
    await m.query(
      `INSERT INTO deadlines (deadline_id, tenant, subject, rule, state, started_at, start_date, due_at, warn_at, met_at, cancelled_at, team_id, worker_id, explain)
       SELECT u.id, u.tenant, u.subject, u.rule, u.state, ${ms('started')}, u.start_date, ${ms('due')}, ${ms('warn')}, ${ms('met')}, ${ms('cancelled')},
         u.team, u.worker, u.explain
       FROM deadlines_in u
       ON CONFLICT (deadline_id) DO UPDATE SET state = EXCLUDED.state, due_at = EXCLUDED.due_at, warn_at = EXCLUDED.warn_at,
         met_at = EXCLUDED.met_at, cancelled_at = EXCLUDED.cancelled_at, team_id = EXCLUDED.team_id,
         worker_id = EXCLUDED.worker_id, explain = EXCLUDED.explain`,
    );
    // Emptied now too: a second upsert in this transaction stages only its own.
    await m.query('DELETE FROM deadlines_in');
  }

  async cancel(m: EntityManager, deadlineIds: string[], at: Date): Promise<void> {
    await m.query(`UPDATE deadlines SET state = 'cancelled', cancelled_at = $2 WHERE deadline_id = ANY($1::text[])`, [deadlineIds, at.toISOString()]);
  }

  /** Those of the deadlines still open or due-soon, locked (FOR UPDATE) in id order, with the times that move them. */
  lockedOpen(m: EntityManager, deadlineIds: string[]): Promise<(StoredDeadline & { due_at: Date; warn_at: Date })[]> {
    return m.query(
      `SELECT deadline_id, tenant, subject, rule, state, due_at, warn_at, team_id, worker_id FROM deadlines
         WHERE deadline_id = ANY($1::text[]) AND state IN ('open', 'due-soon') ORDER BY deadline_id FOR UPDATE`,
      [deadlineIds],
    );
  }

  async setStates(m: EntityManager, changes: { deadlineId: string; state: string }[]): Promise<void> {
    await m.query(`UPDATE deadlines d SET state = u.state FROM unnest($1::text[], $2::text[]) AS u(id, state) WHERE d.deadline_id = u.id`, [
      changes.map((c) => c.deadlineId),
      changes.map((c) => c.state),
    ]);
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

  /** A tenant's deadlines, soonest due first, a page at a time (keyset on due_at, deadline_id: never an offset). */
  async list(tenant: string, f: DeadlineFilter, page: DeadlinePage): Promise<{ row: DeadlineRow; key: [string, string] }[]> {
    const [dueAfter, idAfter] = page.after ?? [null, null];
    const rows: (DeadlineRow & { due_key: string })[] = await this.dataSource.query(
      `SELECT deadline_id, rule, subject, state, to_char(start_date, 'YYYY-MM-DD') AS start_date, due_at, ${timestampText('due_at')} AS due_key,
         met_at, team_id, worker_id, explain
       FROM deadlines
       WHERE tenant = $1 AND state = ANY($2::text[])
         AND ($3::text IS NULL OR rule = $3) AND ($4::text IS NULL OR subject = $4)
         AND ($5::text IS NULL OR team_id = $5) AND ($6::text IS NULL OR worker_id = $6)
         AND ($7::timestamptz IS NULL OR due_at > $7 OR (due_at = $7 AND deadline_id COLLATE "C" > $8))
       ORDER BY due_at, deadline_id COLLATE "C" LIMIT $9`,
      [tenant, f.states, f.rule ?? null, f.subject ?? null, f.teamId ?? null, f.workerId ?? null, dueAfter, idAfter, page.limit],
    );
    return rows.map(({ due_key, ...row }) => ({ row, key: [due_key, row.deadline_id] }));
  }

  /** When each of the deadlines is due. */
  async dueDates(deadlineIds: string[]): Promise<Map<string, Date>> {
    const rows: { deadline_id: string; due_at: Date }[] = await this.dataSource.query(
      'SELECT deadline_id, due_at FROM deadlines WHERE deadline_id = ANY($1::text[])',
      [deadlineIds],
    );
    return new Map(rows.map((r) => [r.deadline_id, r.due_at]));
  }
}
