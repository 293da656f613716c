import { type CaseEvent } from '@casewatch/contracts';
import { type CarePeriod, prepareEvents, readCare } from '@casewatch/timescales';
import { Injectable } from '@nestjs/common';
import type { FigureQuery } from '../catalogue/figure-query.model';
import { METRIC_CATALOGUE } from '../catalogue/metric-catalogue';
import type { CareDefinition } from '../catalogue/metric-definition';
import { NEVER } from '../projection/child-history';
import { type ItemSpan, itemKind, spansOfItem } from '../projection/open-items';
import { ProjectionQueue } from '../projection/projection-queue';
import { type AllocationSpan, CareFiguresStore } from './care-figures.store';
import { type CareFigure, type CareRow, type CareWindow, careFigure, careRowOf, careWindow, flowAt, type Holder, inCareScope } from './care-rows';
import { ChildEventsStore } from './child-events.store';

// How long a figure waits for the projections to take in what was stored before it was asked
// for; after that it reads every child's events itself (slow at scale, never stale).
const CATCH_UP_MS = 5000;
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

/** A row behind a figure and who held the child's case when its scope is read (none allocated yet: undefined). */
export interface HeldRow {
  row: CareRow;
  holder: Holder | undefined;
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
    private readonly store: CareFiguresStore,
    private readonly events: ChildEventsStore,
    private readonly projection: ProjectionQueue,
  ) {}

  // In flight, or finished less than MEMO_MS ago: `doneAt` undefined while reading.
  private readonly memo = new Map<string, Memo>();

  async figure(def: CareDefinition, q: FigureQuery, asAt: number, waitMs = CATCH_UP_MS): Promise<CareFigure> {
    return careFigure(await this.rows(def, q, asAt, waitMs));
  }

  /** The children behind a figure (its denominator; `counted` the numerator), as the figure reads them. */
  async rows(def: CareDefinition, q: FigureQuery, asAt: number, waitMs = CATCH_UP_MS): Promise<CareRow[]> {
    const w = careWindow(def, q.first, q.last);
    const projected = await this.projection.caughtUp(q.tenant, Date.now(), waitMs);
    return projected ? this.projectedRows(def, q, w, asAt) : this.eventRows(def, q, w, asAt);
  }

  /** The rows in q's scope, each with who held the case when the scope is read (a team breakdown keys them by it). */
  async heldRows(def: CareDefinition, q: FigureQuery, asAt: number, waitMs = CATCH_UP_MS): Promise<HeldRow[]> {
    const w = careWindow(def, q.first, q.last);
    const projected = await this.projection.caughtUp(q.tenant, Date.now(), waitMs);
    if (!projected) return (await this.eventHeldRows(def, w, q.tenant, asAt)).filter(({ row, holder }) => inCareScope(row, holder, q.scope));
    const rows = await this.projectedRows(def, { ...q, scope: undefined }, w, asAt);
    if (rows.length === 0) return [];
    const holders = await this.holders(q.tenant, asAt, rows);
    return rows.map((row) => ({ row, holder: holders(row.subject, row.scopeAt) })).filter(({ row, holder }) => inCareScope(row, holder, q.scope));
  }

  /** Every child's events read in Node (exact, slow at scale). */
  async eventRows(def: CareDefinition, q: FigureQuery, w: CareWindow, asAt: number): Promise<CareRow[]> {
    return (await this.eventHeldRows(def, w, q.tenant, asAt)).filter(({ row, holder }) => inCareScope(row, holder, q.scope)).map(({ row }) => row);
  }

  private async eventHeldRows(def: CareDefinition, w: CareWindow, tenant: string, asAt: number): Promise<HeldRow[]> {
    const rows: HeldRow[] = [];
    for (const child of await this.read(tenant, asAt)) {
      const spans = def.alsoOpen ? (child.items.get(itemKind(def.alsoOpen)) ?? []) : [];
      const alsoOpen = (at: number) => spans.some((s) => s.fromAt <= at && s.ends.every((e) => e.toAt > at));
      const row = careRowOf(def, child.subject, child.periods, w, alsoOpen);
      if (!row) continue;
      let holder: Holder | undefined;
      for (const a of child.allocations) if (a.t <= row.scopeAt) holder = a.holder;
      rows.push({ row, holder });
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
    await this.events.forEachChild(tenant, asAt, (events: CaseEvent[]) => {
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
    const found = await this.store.careRows({ def, window: w, tenant: q.tenant, asAt });
    const rows: CareRow[] = found.map(({ at, ...r }) => (at === undefined ? r : { ...r, ...flowAt(at) }));
    if (!q.scope || rows.length === 0) return rows;
    const holders = await this.holders(q.tenant, asAt, rows);
    return rows.filter((r) => inCareScope(r, holders(r.subject, r.scopeAt), q.scope));
  }

  /** Who held each child's case at an instant, from its projected allocation spans known at asAt. */
  private async holders(tenant: string, asAt: number, rows: CareRow[]): Promise<(subject: string, at: number) => Holder | undefined> {
    const spans = await this.store.allocations(tenant, asAt, [...new Set(rows.map((r) => r.subject))]);
    const bySubject = new Map<string, AllocationSpan[]>();
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
