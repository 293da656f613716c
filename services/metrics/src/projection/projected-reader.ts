import type { KnownTenant } from '@casewatch/event-store';
import type { ChildChecks } from '@casewatch/timescales';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DeadlineFacts } from '../figures/child-deadlines';
import { checksAt, deadlineAt, type FactRow, type Holder } from './projected-states';

export interface DeadlineFilter {
  rules?: readonly string[];
  /** Met deadlines closed in [from, to] (timeliness); otherwise those still open at `now`. */
  metBetween?: { from: number; to: number };
  /** Who held the case at `now` (scopes and queues); the anchor's team and worker otherwise. */
  holders: boolean;
}

const KNOWN = (alias: string) => `${alias}.known_from <= $3 AND ${alias}.known_to > $3`;

/** Deadlines and checks at `now` as known at `asAt`, from the per-child projections. */
@Injectable()
export class ProjectedReader {
  constructor(private readonly dataSource: DataSource) {}

  async deadlines(tenant: string, now: number, asAt: number, filter: DeadlineFilter): Promise<DeadlineFacts[]> {
    const params: unknown[] = [tenant, now, asAt];
    const where = [`d.tenant = $1`, KNOWN('d'), `d.started_at <= $2`];
    if (filter.rules) {
      params.push(filter.rules);
      where.push(`d.rule = ANY($${params.length}::text[])`);
    }
    if (filter.metBetween) {
      params.push(filter.metBetween.from, Math.min(filter.metBetween.to, now));
      where.push(`d.met AND d.closed_at >= $${params.length - 1} AND d.closed_at <= $${params.length}`);
    } else where.push(`d.closed_at > $2`);
    const holder = filter.holders
      ? `LEFT JOIN LATERAL (SELECT true AS held, a.team_id, a.worker_id FROM projected_facts a
           WHERE a.tenant = d.tenant AND a.subject = d.subject AND a.kind = 'alloc' AND a.from_at <= $2 AND a.to_at > $2 AND ${KNOWN('a')} LIMIT 1) h ON true`
      : '';
    const rows: (Omit<DeadlineFactsRow, 'held'> & { held: boolean | null })[] = await this.dataSource.query(
      `SELECT d.subject, d.rule, d.started_at::float8 AS "startedAt", d.due_at::float8 AS "dueAt", d.warn_at::float8 AS "warnAt",
         d.closed_at::float8 AS "closedAt", d.met, d.team_id AS "teamId", d.worker_id AS "workerId"
         ${filter.holders ? ', h.held, h.team_id AS "heldTeam", h.worker_id AS "heldWorker"' : ''}
       FROM projected_deadlines d ${holder} WHERE ${where.join(' AND ')}`,
      params,
    );
    return rows.map((r) => deadlineAt(r, now, r.held ? ({ teamId: r.heldTeam, workerId: r.heldWorker } as Holder) : undefined));
  }

  /** Looked-after children's health and dental checks at `now`. */
  async checks(tenant: string, known: KnownTenant, now: number, asAt: number): Promise<ChildChecks[]> {
    const rows: (FactRow & { subject: string })[] = await this.dataSource.query(
      `WITH lac AS (SELECT DISTINCT l.subject FROM projected_facts l
         WHERE l.tenant = $1 AND l.kind = 'lac' AND l.from_at <= $2 AND l.to_at > $2 AND ${KNOWN('l')})
       SELECT f.subject, f.kind, f.from_at::float8 AS "fromAt", f.to_at::float8 AS "toAt", f.day, f.team_id AS "teamId", f.worker_id AS "workerId"
       FROM lac JOIN projected_facts f ON f.tenant = $1 AND f.subject = lac.subject
       WHERE f.from_at <= $2 AND ${KNOWN('f')}`,
      [tenant, now, asAt],
    );
    const bySubject = new Map<string, FactRow[]>();
    for (const r of rows) {
      const list = bySubject.get(r.subject);
      if (list) list.push(r);
      else bySubject.set(r.subject, [r]);
    }
    const out: ChildChecks[] = [];
    for (const [subject, facts] of bySubject) {
      const c = checksAt(subject, facts, known.calendar, now);
      if (c) out.push(c);
    }
    return out;
  }
}

interface DeadlineFactsRow {
  subject: string;
  rule: string;
  startedAt: number;
  dueAt: number;
  warnAt: number;
  closedAt: number;
  met: boolean;
  teamId: string | null;
  workerId: string | null;
  held: boolean;
  heldTeam: string | null;
  heldWorker: string | null;
}
