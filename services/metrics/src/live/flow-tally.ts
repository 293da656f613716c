import type { AppliedBatch, EventRow } from '@casewatch/event-store';
import type { DataCondition, EventSelector, MetricDefinition } from '../catalogue/metric-definition';
import type { ResolvedPeriod } from '../catalogue/periods';

/** A figure's numerator and denominator, as EventFiguresStore.counts gives them. */
export interface Counted {
  numerator: number;
  denominator: number | null;
}

/** What the full pass counted in one snapshot: where each partition stood, when, and the figures. */
export interface TallyBase {
  at: number;
  next: Map<number, bigint>;
  counts: Map<string, Counted>;
}

/** The SQL side: a base in one snapshot (undefined when it cannot be a base), and where the partitions stand now. */
export interface TallySource {
  base(tenant: string, period: ResolvedPeriod, defs: readonly MetricDefinition[]): Promise<TallyBase | undefined>;
  offsets(): Promise<Map<number, bigint>>;
}

/** A row's share of a tallied figure; undefined when it cannot be matched here exactly as in SQL. */
type Adds = (row: EventRow) => { numerator: number; denominator: number } | undefined;

const CORRECTIONS = 'csc.event.retracted';

/**
 * Flow figures kept up to date by adding each stored batch's new events to what the last full pass
 * counted, instead of counting the running month again (issue 17). Only where that gives exactly
 * what the SQL gives after the same events: `count`, and `share` whose numerator terms match the
 * counted event's own data. Per tenant, the base was counted in one snapshot together with each
 * partition's applied offset, so a batch's rows are added only from where the base left off; a
 * batch that does not follow on from it (another instance's, one never heard), a retraction or a
 * superseding event, a duplicate whose content is unknown, or data matched differently by SQL
 * than here drops the tenant's tally until the next full pass. A tally is used only while the
 * partitions' applied offsets in the store are exactly those it has taken in.
 */
export class FlowTally {
  private readonly rules = new Map<string, { id: string; adds: Adds }[]>();
  private readonly tallied: MetricDefinition[] = [];
  private readonly states = new Map<string, TallyState>();
  /** Batches heard while a tenant's base is being counted: replayed onto it. */
  private readonly pending = new Map<string, Heard[]>();

  constructor(
    private readonly source: TallySource,
    catalogue: readonly MetricDefinition[],
  ) {
    for (const def of catalogue) {
      const adds = addsOf(def);
      if (!adds) continue;
      this.tallied.push(def);
      const type = (def.definition as { events: EventSelector }).events.type;
      this.rules.set(type, [...(this.rules.get(type) ?? []), { id: def.id, adds }]);
    }
  }

  /** Whether the metric's figure can be tallied. */
  talliesOf(def: MetricDefinition): boolean {
    return this.tallied.includes(def);
  }

  /**
   * Counts a new base for the tenant (the full pass), takes in the batches heard meanwhile, and
   * returns it: the full pass's figures for the tallied metrics. Undefined: no tally until the next.
   */
  async rebase(tenant: string, period: ResolvedPeriod): Promise<{ at: number; counts: Map<string, Counted> } | undefined> {
    this.pending.set(tenant, []);
    try {
      const base = await this.source.base(tenant, period, this.tallied);
      const heard = this.pending.get(tenant) ?? [];
      if (!base) {
        this.states.delete(tenant);
        return undefined;
      }
      const state: TallyState = { period: periodKey(period), first: period.first, last: period.last, next: base.next, counts: base.counts, latestRecorded: 0 };
      const result = { at: base.at, counts: new Map([...base.counts].map(([k, v]) => [k, { ...v }])) };
      for (const h of heard) this.take(state, h);
      if (state.broken) this.states.delete(tenant);
      else this.states.set(tenant, state);
      return result;
    } finally {
      this.pending.delete(tenant);
    }
  }

  /** A stored batch: its new rows added to the tallies of their tenants. */
  heard(rows: readonly EventRow[], batch: AppliedBatch): void {
    const byTenant = new Map<string, EventRow[]>();
    for (const r of rows) byTenant.set(r.event.tenant, [...(byTenant.get(r.event.tenant) ?? []), r]);
    const stored = batch.stored ? new Set(batch.stored) : undefined;
    const tenants = new Set([...this.states.keys(), ...this.pending.keys()]);
    for (const tenant of tenants) {
      const h: Heard = { partition: batch.partition, offsets: batch.offsets, rows: byTenant.get(tenant) ?? [], stored };
      this.pending.get(tenant)?.push(h);
      const state = this.states.get(tenant);
      if (!state) continue;
      this.take(state, h);
      if (state.broken) this.states.delete(tenant);
    }
  }

  /**
   * The tenant's tallied figures now, if the tally stands for exactly what the store holds: the
   * same period (and day), every partition's applied offset where the tally has taken it, and no
   * added event recorded after this instant.
   */
  async current(tenant: string, period: ResolvedPeriod): Promise<{ at: number; counts: Map<string, Counted> } | undefined> {
    if (!this.states.has(tenant)) return undefined;
    const stored = await this.source.offsets();
    const at = Date.now();
    const state = this.states.get(tenant);
    if (!state || state.period !== periodKey(period) || state.latestRecorded > at) return undefined;
    for (const p of new Set([...stored.keys(), ...state.next.keys()])) {
      if ((stored.get(p) ?? 0n) !== (state.next.get(p) ?? 0n)) return undefined;
    }
    return { at, counts: new Map([...state.counts].map(([k, v]) => [k, { ...v }])) };
  }

  private take(state: TallyState, h: Heard): void {
    if (state.broken) return;
    if (!h.offsets) return void (state.broken = true);
    const have = state.next.get(h.partition) ?? 0n;
    // Messages between the base (or the last batch heard) and this batch were applied unheard.
    if (BigInt(h.offsets.first) > have) return void (state.broken = true);
    const stored = h.stored ?? new Set<EventRow>();
    for (const row of h.rows) {
      if (BigInt(row.offset) < have) continue;
      // A correction changes an event stored before (even sent again: its time may differ).
      if (row.event.type === CORRECTIONS || row.event.supersedes !== undefined) return void (state.broken = true);
      // Which of the tenant's events this batch stored is not known (one sent twice, differing).
      if (!h.stored) return void (state.broken = true);
      if (!stored.has(row)) continue;
      const rules = this.rules.get(row.event.type);
      if (!rules || row.practiceDate < state.first || row.practiceDate > state.last) continue;
      for (const rule of rules) {
        const add = rule.adds(row);
        if (!add) return void (state.broken = true);
        const c = state.counts.get(rule.id);
        if (!c) return void (state.broken = true);
        c.numerator += add.numerator;
        c.denominator = (c.denominator ?? 0) + add.denominator;
      }
      state.latestRecorded = Math.max(state.latestRecorded, row.recordedAt);
    }
    const next = BigInt(h.offsets.next);
    if (next > have) state.next.set(h.partition, next);
  }
}

interface TallyState {
  period: string;
  first: string;
  last: string;
  next: Map<number, bigint>;
  counts: Map<string, Counted>;
  /** The latest recorded time among the rows added: SQL counts them only from then. */
  latestRecorded: number;
  broken?: boolean;
}

interface Heard {
  partition: number;
  offsets: AppliedBatch['offsets'];
  /** The tenant's rows of the batch (those newly stored are in `stored`). */
  rows: EventRow[];
  stored: Set<EventRow> | undefined;
}

const periodKey = (p: ResolvedPeriod) => `${p.label}|${p.first}|${p.last}`;

/** How a stored event adds to the metric's figure, or undefined for a metric that is not a tally. */
function addsOf(def: MetricDefinition): Adds | undefined {
  const d = def.definition;
  if (d.kind === 'count') {
    return (row) => {
      const selected = selects(d.events, row);
      return selected === undefined ? undefined : counted(selected, true);
    };
  }
  if (d.kind === 'share' && d.numerator.every((t) => !('prior' in t) && !('later' in t))) {
    const terms = d.numerator.map((t) => (t as { data: DataCondition }).data);
    return (row) => {
      const selected = selects(d.events, row);
      if (selected === undefined) return undefined;
      if (!selected) return counted(false, false);
      const hits = terms.map((c) => matches(row.event.data, c));
      if (hits.includes(undefined) && !hits.includes(true)) return undefined;
      return counted(true, hits.includes(true));
    };
  }
  return undefined;
}

const counted = (selected: boolean, inNumerator: boolean) => (selected ? { numerator: inNumerator ? 1 : 0, denominator: 1 } : { numerator: 0, denominator: 0 });

/** SqlBuilder.selector on one event (type, where, whereNot); undefined when undecidable here. */
function selects(s: EventSelector, row: EventRow): boolean | undefined {
  if (row.event.type !== s.type) return false;
  for (const c of s.where ?? []) {
    const m = matches(row.event.data, c);
    if (m !== true) return m;
  }
  for (const c of s.whereNot ?? []) {
    const m = matches(row.event.data, c);
    if (m !== false) return m === undefined ? undefined : false;
  }
  return true;
}

/**
 * SqlBuilder.matches on the stored data: `(data->field) ?| values` (a string equal to one, an
 * array holding one as a string, an object with one as a key), `(data->>field) = ANY(values)`
 * (text as PostgreSQL prints the JSON value); absent or null is false. Undefined where PostgreSQL's
 * text could differ from JavaScript's (fractions, large numbers, objects).
 */
export function matches(data: unknown, c: DataCondition): boolean | undefined {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const v = Object.prototype.hasOwnProperty.call(data, c.field) ? (data as Record<string, unknown>)[c.field] : undefined;
  if (v === undefined || v === null) return false;
  if ('containsAny' in c) {
    if (typeof v === 'string') return c.containsAny.includes(v);
    if (Array.isArray(v)) return v.some((x) => typeof x === 'string' && c.containsAny.includes(x));
    if (typeof v === 'object') return Object.keys(v).some((k) => c.containsAny.includes(k));
    return false;
  }
  let text: string;
  if (typeof v === 'string') text = v;
  else if (typeof v === 'boolean') text = String(v);
  else if (typeof v === 'number' && Number.isSafeInteger(v)) text = String(v);
  else return undefined;
  return c.anyOf.map(String).includes(text);
}
