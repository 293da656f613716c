import type { KnownTenant } from '@casewatch/tenant-settings';
import { addDays, type ChildChecks, endOfLondonDay, startOfLondonDay } from '@casewatch/timescales';
import type { DeadlineFacts } from '../catalogue/deadline-facts.model';
import type { FigureQuery } from '../catalogue/figure-query.model';
import type { CaseloadDefinition, LatestDefinition, OpenDefinition } from '../catalogue/metric-definition';
import { itemKind, latestKind } from './open-items';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { checksAt, deadlineAt, type DeadlineRow, type FactRow } from './projected-states';

export interface DeadlineFilter {
  tenant: string;
  /** The moment the deadlines stood at. */
  now: number;
  /** What was recorded by then is known. */
  asAt: number;
  rules?: readonly string[];
  /** Met deadlines closed in [from, to] (timeliness); otherwise those still open at `now`. */
  metBetween?: { from: number; to: number };
  /** Who held the case at `now` (scopes and queues); the anchor's team and worker otherwise. */
  holders: boolean;
}

const KNOWN = (alias: string) => `${alias}.known_from <= $3 AND ${alias}.known_to > $3`;

/**
 * The per-child projections (projected_deadlines, projected_facts, written by ProjectionStore) read
 * back: deadlines and checks at `now` as known at `asAt`, and the snapshot figures they answer.
 */
@Injectable()
export class ProjectedFactsStore {
  constructor(private readonly dataSource: DataSource) {}

  async deadlines(filter: DeadlineFilter): Promise<DeadlineFacts[]> {
    const { tenant, now, asAt } = filter;
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
    const rows: DeadlineFactsRow[] = await this.dataSource.query(
      `SELECT d.subject, d.rule, d.started_at::float8 AS "startedAt", d.due_at::float8 AS "dueAt", d.warn_at::float8 AS "warnAt",
         d.closed_at::float8 AS "closedAt", d.met, d.team_id AS "teamId", d.worker_id AS "workerId"
         ${filter.holders ? ', h.held, h.team_id AS "heldTeam", h.worker_id AS "heldWorker"' : ''}
       FROM projected_deadlines d ${holder} WHERE ${where.join(' AND ')}`,
      params,
    );
    return rows.map((r) => deadlineAt(r, now, r.held ? { teamId: r.heldTeam, workerId: r.heldWorker } : undefined));
  }

  /**
   * The open items of a snapshot definition at the end of `last` (EventFiguresStore's `open` rows):
   * each item's child and start date. Scope and "unallocated" by who held the case at that end.
   * `keyed` (a breakdown's): also the item's own team and `keys`; with `holder`, who held the case
   * at that end (`held_day`, `held_team`).
   */
  async openItems(def: OpenDefinition, q: FigureQuery, asAt: number, keyed?: { holder: boolean }): Promise<{ text: string; params: unknown[] }> {
    const params: unknown[] = [q.tenant, endOfLondonDay(q.last), asAt, itemKind(def)];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const where = [`i.tenant = $1`, `i.kind = $4`, `i.from_at <= $2`, `i.to_at > $2`, KNOWN('i')];
    if (def.minAgeDays !== undefined) where.push(`i.from_at < ${p(startOfLondonDay(addDays(q.last, -def.minAgeDays)))}`);
    if (def.alsoOpen) {
      where.push(`EXISTS (SELECT 1 FROM projected_facts o WHERE o.tenant = i.tenant AND o.subject = i.subject AND o.kind = ${p(itemKind(def.alsoOpen))}
        AND o.from_at <= $2 AND o.to_at > $2 AND ${KNOWN('o')})`);
    }
    const held = def.unallocated || q.scope || keyed?.holder;
    if (def.unallocated) where.push(`h.day IS DISTINCT FROM 'allocated'`);
    if (q.scope) {
      const column = q.scope.kind === 'team' ? 'team_id' : 'worker_id';
      where.push(`CASE WHEN h.day IS NOT NULL THEN h.day = 'allocated' AND h.${column} = ${p(q.scope.id)} ELSE i.${column} = $${params.length} END`);
    }
    const join = held
      ? `LEFT JOIN LATERAL (SELECT a.day, a.team_id, a.worker_id FROM projected_facts a
           WHERE a.tenant = i.tenant AND a.subject = i.subject AND a.kind = 'alloc' AND a.from_at <= $2 AND a.to_at > $2 AND ${KNOWN('a')} LIMIT 1) h ON true`
      : '';
    let columns = 'i.subject, i.day';
    if (keyed) columns += `, i.team_id, i.keys${keyed.holder ? ', h.day AS held_day, h.team_id AS held_team' : ''}`;
    return { text: `SELECT ${columns} FROM projected_facts i ${join} WHERE ${where.join(' AND ')}`, params };
  }

  async openFigure(def: OpenDefinition, q: FigureQuery, asAt: number): Promise<number> {
    const { text, params } = await this.openItems(def, q, asAt);
    const count = def.distinct === 'subject' ? 'count(DISTINCT subject)' : 'count(*)';
    const [row]: { n: number }[] = await this.dataSource.query(`SELECT ${count}::int AS n FROM (${text}) r`, params);
    return row.n;
  }

  async openCases({
    def,
    q,
    asAt,
    limit,
  }: {
    def: OpenDefinition;
    q: FigureQuery;
    asAt: number;
    limit: number;
  }): Promise<{ subject: string; dates: string[] }[]> {
    const { text, params } = await this.openItems(def, q, asAt);
    params.push(limit);
    return this.dataSource.query(
      `SELECT subject, array_agg(day ORDER BY day) AS dates FROM (${text}) r GROUP BY subject ORDER BY min(day), subject LIMIT $${params.length}`,
      params,
    );
  }

  /** Children allocated a worker at the end of `last`, per worker: the average or largest caseload (EventFiguresStore's caseload). */
  async caseload(def: CaseloadDefinition, q: FigureQuery, asAt: number): Promise<{ numerator: number; denominator: number }> {
    const params: unknown[] = [q.tenant, endOfLondonDay(q.last), asAt];
    let scope = '';
    if (q.scope) {
      params.push(q.scope.id);
      scope = `AND a.${q.scope.kind === 'team' ? 'team_id' : 'worker_id'} = $4`;
    }
    const agg = def.aggregate === 'max' ? 'max(n)' : 'avg(n)';
    const [row]: { numerator: number; denominator: number }[] = await this.dataSource.query(
      `SELECT coalesce(${agg}, 0)::float AS numerator, count(*)::int AS denominator FROM (
         SELECT a.worker_id, count(*) AS n FROM projected_facts a
         WHERE a.tenant = $1 AND a.kind = 'alloc' AND a.from_at <= $2 AND a.to_at > $2 AND ${KNOWN('a')} AND a.day = 'allocated' ${scope}
         GROUP BY a.worker_id) w`,
      params,
    );
    return row;
  }

  /** Of the children with an event of the definition's type by the end of `last`, how many had its field true in the latest (whole tenant only). */
  async latest(def: LatestDefinition, q: FigureQuery, asAt: number): Promise<{ numerator: number; denominator: number }> {
    const [row]: { numerator: number; denominator: number }[] = await this.dataSource.query(
      `SELECT (count(*) FILTER (WHERE l.day = 'true'))::int AS numerator, count(*)::int AS denominator FROM projected_facts l
       WHERE l.tenant = $1 AND l.kind = $4 AND l.from_at <= $2 AND l.to_at > $2 AND ${KNOWN('l')}`,
      [q.tenant, endOfLondonDay(q.last), asAt, latestKind(def)],
    );
    return row;
  }

  /** Looked-after children's health and dental checks at `now`. */
  async checks({ tenant, known, now, asAt }: { tenant: string; known: KnownTenant; now: number; asAt: number }): Promise<ChildChecks[]> {
    const lac: { subject: string }[] = await this.dataSource.query(
      `SELECT DISTINCT l.subject FROM projected_facts l WHERE l.tenant = $1 AND l.kind = 'lac' AND l.from_at <= $2 AND l.to_at > $2 AND ${KNOWN('l')}`,
      [tenant, now, asAt],
    );
    if (lac.length === 0) return [];
    // Their facts by child in a second query (joined in one, the planner scans every fact of the
    // tenant): every check up to `now`, and the spans that hold at `now`.
    const rows: (FactRow & { subject: string })[] = await this.dataSource.query(
      `SELECT f.subject, f.kind, f.from_at::float8 AS "fromAt", f.to_at::float8 AS "toAt", f.day, f.team_id AS "teamId", f.worker_id AS "workerId"
       FROM projected_facts f
       WHERE f.tenant = $1 AND f.subject = ANY($4::text[]) AND f.kind = ANY('{lac,health,dental,birth,alloc}'::text[]) AND f.from_at <= $2
         AND (f.kind IN ('health', 'dental') OR f.to_at > $2) AND ${KNOWN('f')}`,
      [tenant, now, asAt, lac.map((l) => l.subject)],
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

type DeadlineFactsRow = DeadlineRow & { held: boolean | null; heldTeam: string | null; heldWorker: string | null };
