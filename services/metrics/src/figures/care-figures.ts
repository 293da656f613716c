import { type CaseEvent } from '@casewatch/contracts';
import { type CarePeriod, prepareEvents, readCare } from '@casewatch/timescales';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { METRIC_CATALOGUE } from '../catalogue/metric-catalogue';
import type { CareDefinition } from '../catalogue/metric-definition';
import { NEVER } from '../projection/child-history';
import { type ItemSpan, itemKind, spansOfItem } from '../projection/open-items';
import { ProjectionQueue } from '../projection/projection-queue';
import { type CareFigure, type CareRow, type CareWindow, careFigure, careRowOf, careWindow, flowAt, type Holder, inCareScope } from './care-rows';
import { ChildDeadlines } from './child-deadlines';
import type { FigureQuery } from './sql-builder';

// How long a figure waits for the projections to take in what was stored before it was asked
// for; after that it reads every child's events itself (slow at scale, never stale).
const CATCH_UP_MS = 5000;
const KNOWN = (alias: string) => `${alias}.known_from <= $2 AND ${alias}.known_to > $2`;
const ALLOCATIONS = new Set(['csc.worker.allocated', 'csc.worker.unallocated']);
const MEMO_MS = 2000;
// The other items the care definitions ask about (a CP plan open too).
const ALSO_OPEN = METRIC_CATALOGUE.flatMap((m) => (m.definition.kind === 'care' && m.definition.alsoOpen ? [m.definition.alsoOpen] : []));

/** What the figures need of one child's events. */
interface ChildCare {
  subject: string;
  periods: CarePeriod[];
  /** Allocation events in practice order: the last at or before a moment holds the case. */
  allocations: { t: number; holder: Holder }[];
  /** The spans of each ALSO_OPEN item, by item kind. */
  items: Map<string, ItemSpan[]>;
}

interface Memo {
  doneAt?: number;
  result: Promise<ChildCare[]>;
}

/**
 * Looked-after figures (CareDefinition) from the projected care facts (child-history.ts), or, while
 * the projections are behind, from every child's events read the same way (readCare).
 */
@Injectable()
export class CareFigures {
  constructor(
    private readonly dataSource: DataSource,
    private readonly children: ChildDeadlines,
    private readonly projection: ProjectionQueue,
  ) {}

  // In flight, or finished less than MEMO_MS ago: `doneAt` undefined while reading.
  private readonly memo = new Map<string, Memo>();

  async figure(def: CareDefinition, q: FigureQuery, asAt: number, waitMs = CATCH_UP_MS): Promise<CareFigure> {
    const w = careWindow(def, q.first, q.last);
    const projected = await this.projection.caughtUp(q.tenant, Date.now(), waitMs);
    return careFigure(projected ? await this.projectedRows(def, q, w, asAt) : await this.eventRows(def, q, w, asAt));
  }

  /** Every child's events read in Node (exact, slow at scale). */
  async eventRows(def: CareDefinition, q: FigureQuery, w: CareWindow, asAt: number): Promise<CareRow[]> {
    const rows: CareRow[] = [];
    for (const child of await this.read(q.tenant, asAt)) {
      const spans = def.alsoOpen ? (child.items.get(itemKind(def.alsoOpen)) ?? []) : [];
      const alsoOpen = (at: number) => spans.some((s) => s.fromAt <= at && s.ends.every((e) => e.toAt > at));
      const row = careRowOf(def, child.subject, child.periods, w, alsoOpen);
      if (!row) continue;
      let holder: Holder | undefined;
      for (const a of child.allocations) if (a.t <= row.scopeAt) holder = a.holder;
      if (inCareScope(row, holder, q.scope)) rows.push(row);
    }
    return rows;
  }

  /** Every child's care as known at asAt, shared by the figures of one request or pass (MEMO_MS). */
  private read(tenant: string, asAt: number): Promise<ChildCare[]> {
    const key = `${tenant}|${asAt}`;
    const hit = this.memo.get(key);
    const fresh = (m: Memo) => m.doneAt === undefined || Date.now() - m.doneAt < MEMO_MS;
    if (hit && fresh(hit)) return hit.result;
    for (const [k, m] of this.memo) if (!fresh(m)) this.memo.delete(k);
    const memo: Memo = { result: this.readAll(tenant, asAt) };
    memo.result.then(
      () => (memo.doneAt = Date.now()),
      () => this.memo.delete(key),
    );
    this.memo.set(key, memo);
    return memo.result;
  }

  private async readAll(tenant: string, asAt: number): Promise<ChildCare[]> {
    const out: ChildCare[] = [];
    await this.children.forEachChild(tenant, asAt, (events: CaseEvent[]) => {
      const prepared = prepareEvents(events, NEVER, undefined);
      const allocations: ChildCare['allocations'] = [];
      for (const { e, t } of prepared) {
        if (!ALLOCATIONS.has(e.type)) continue;
        const data = e.data as { teamId?: string; workerId?: string };
        allocations.push({ t, holder: { allocated: e.type === 'csc.worker.allocated', teamId: data.teamId ?? null, workerId: data.workerId ?? null } });
      }
      const items = new Map(ALSO_OPEN.map((item) => [itemKind(item), spansOfItem(item, prepared)]));
      out.push({ subject: events[0].subject, periods: readCare(prepared), allocations, items });
    });
    return out;
  }

  /** The projected facts: counted stretches (`lac`, `lac-uasc`), placements, counted starts and endings. */
  async projectedRows(def: CareDefinition, q: FigureQuery, w: CareWindow, asAt: number): Promise<CareRow[]> {
    const params: unknown[] = [q.tenant, asAt];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    let sql: string;
    if (def.measure === 'looked-after') {
      const at = p(w.at);
      const also = def.alsoOpen
        ? `AND EXISTS (SELECT 1 FROM projected_facts o WHERE o.tenant = l.tenant AND o.subject = l.subject AND o.kind = ${p(itemKind(def.alsoOpen))}
             AND o.from_at <= ${at} AND o.to_at > ${at} AND ${KNOWN('o')})`
        : '';
      const placements = def.placements
        ? `(SELECT count(DISTINCT pl.day) FROM projected_facts pl WHERE pl.tenant = l.tenant AND pl.subject = l.subject AND pl.kind = 'lac-place'
             AND pl.from_at <= ${at} AND pl.to_at > ${p(w.placementsFrom)} AND ${KNOWN('pl')}) >= ${p(def.placements.atLeast)}`
        : 'true';
      sql = `SELECT DISTINCT ON (l.subject) l.subject, l.day, ${placements} AS counted, ${at}::float8 AS "scopeAt", l.team_id AS "teamId", l.worker_id AS "workerId"
        FROM projected_facts l
        WHERE l.tenant = $1 AND l.kind = ${p(def.uasc ? 'lac-uasc' : 'lac')} AND l.from_at <= ${at} AND l.to_at > ${at} AND ${KNOWN('l')} ${also}
        ORDER BY l.subject, l.from_at DESC`;
    } else {
      // The first counted start, or the last counted ending, of each child in the period.
      const counted = def.reasons ? `f.day = ANY(${p(def.reasons)}::text[])` : 'true';
      sql = `SELECT DISTINCT ON (f.subject) f.subject, f.from_at::float8 AS at, ${counted} AS counted, f.team_id AS "teamId", f.worker_id AS "workerId"
        FROM projected_facts f
        WHERE f.tenant = $1 AND f.kind = ${p(def.measure === 'started' ? 'lac-start' : 'lac-end')}
          AND f.from_at >= ${p(w.from)} AND f.from_at < ${p(w.to)} AND ${KNOWN('f')}
        ORDER BY f.subject, f.from_at ${def.measure === 'started' ? 'ASC' : 'DESC'}`;
    }
    const found: (CareRow & { at?: number })[] = await this.dataSource.query(sql, params);
    const rows: CareRow[] = found.map(({ at, ...r }) => (at === undefined ? r : { ...r, ...flowAt(at) }));
    if (!q.scope || rows.length === 0) return rows;
    const holders = await this.holders(q.tenant, asAt, rows);
    return rows.filter((r) => inCareScope(r, holders(r.subject, r.scopeAt), q.scope));
  }

  /** Who held each child's case at an instant, from its projected allocation spans known at asAt. */
  private async holders(tenant: string, asAt: number, rows: CareRow[]): Promise<(subject: string, at: number) => Holder | undefined> {
    const spans: { subject: string; fromAt: number; toAt: number; day: string; teamId: string | null; workerId: string | null }[] = await this.dataSource.query(
      `SELECT a.subject, a.from_at::float8 AS "fromAt", a.to_at::float8 AS "toAt", a.day, a.team_id AS "teamId", a.worker_id AS "workerId"
       FROM projected_facts a WHERE a.tenant = $1 AND a.subject = ANY($3::text[]) AND a.kind = 'alloc' AND ${KNOWN('a')}`,
      [tenant, asAt, [...new Set(rows.map((r) => r.subject))]],
    );
    const bySubject = new Map<string, typeof spans>();
    for (const s of spans) {
      const list = bySubject.get(s.subject);
      if (list) list.push(s);
      else bySubject.set(s.subject, [s]);
    }
    return (subject, at) => {
      const s = bySubject.get(subject)?.find((x) => x.fromAt <= at && at < x.toAt);
      return s && { allocated: s.day === 'allocated', teamId: s.teamId, workerId: s.workerId };
    };
  }
}
