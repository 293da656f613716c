// A child's deadlines and check facts as they were known at every moment (knowledge time), each
// valid over the practice-time span it covers, so that a figure for any period and `asAt` is a
// query over these rows instead of an evaluation of every child's events.
import type { CaseEvent } from '@casewatch/contracts';
import { type Closing, itemSpans, latestSpans } from './open-items';
import { type CompiledTenant, eventTimeMs, evaluateChild, londonDateOf, type PreparedEvent, prepareEvents } from '@casewatch/timescales';
import { careSpans } from './care-facts';

/** "Not yet" and "for good": the largest epoch ms a Date holds. */
export const NEVER = 8_640_000_000_000_000;

interface Known {
  /** Valid for asAt in [knownFrom, knownTo). */
  knownFrom: number;
  knownTo: number;
}

/** A deadline as the ∞-clock run gives it: its state at any `now` follows from these times. */
export interface DeadlineVersion extends Known {
  deadlineId: string;
  rule: string;
  startedAt: number;
  dueAt: number;
  warnAt: number;
  /** When a completion or cancellation closed it; NEVER while open. */
  closedAt: number;
  met: boolean;
  /** The anchor event's team and worker: the deadline's scope when nobody holds the case. */
  teamId: string | null;
  workerId: string | null;
}

/**
 * `lac`: a stretch counted as looked after (readCare: not a short break), `lac-uasc` the same for
 * an unaccompanied asylum-seeking child, `lac-place` a placement's counted time, `lac-start` and
 * `lac-end` the starts and endings counted in the flows. Also `item:…`: an open item of a
 * snapshot metric (open-items.ts).
 */
export type FactKind = 'alloc' | 'lac' | 'lac-uasc' | 'lac-place' | 'lac-start' | 'lac-end' | 'health' | 'dental' | 'birth' | `item:${string}`;

/** Spans of practice time: who holds the case, periods of care, checks and dates of birth. */
export interface FactVersion extends Known {
  kind: FactKind;
  fromAt: number;
  toAt: number;
  /**
   * lac, lac-uasc, lac-start, item: its start date; lac-place: the placement (the event that began
   * it); lac-end: the reason; health, dental: the check's date; birth: the date of birth; alloc:
   * the event (allocated, unallocated).
   */
  day: string | null;
  teamId: string | null;
  workerId: string | null;
  /** Tells apart items that are otherwise alike (two contacts on one day); not stored. */
  ref?: string;
  /** item: the start event's fields its breakdowns group by, as JSON. */
  keys?: string | null;
}

/** An event as the store holds it: `removedAt`, when a retraction or a correction recorded then withdrew it. */
export type StoredEvent = CaseEvent & { removedAt?: number };

const RETRACTED = 'csc.event.retracted';

export interface ChildHistory {
  deadlines: DeadlineVersion[];
  facts: FactVersion[];
}

type Data = Record<string, unknown>;
type Unknown<T> = Omit<T, 'knownFrom' | 'knownTo'>;

/**
 * Every version of the child's deadlines and facts: the state known at each moment something was
 * recorded or withdrawn (what was known changes only then), merged so a row lasts while it is
 * unchanged. The engine is causal in practice time, so one run with the clock at NEVER holds
 * every `now`: a deadline exists from `startedAt`, is met or cancelled from `closedAt`, and open
 * in between. For the same reason, when what is known at a moment is exactly the final events up
 * to some practice time T (records arriving in practice order, the usual case), that moment's
 * state is the final run cut at T; only moments with a late record or a withdrawal are evaluated.
 */
export function childHistory(events: readonly StoredEvent[], tenant: CompiledTenant): ChildHistory {
  const dated = events
    .filter((e) => e.type !== RETRACTED)
    .map((e) => ({ e, r: recordedAt(e), t: eventTimeMs(e.time) }))
    .filter((x) => !Number.isNaN(x.r));
  const moments = [...new Set(dated.flatMap(({ e, r }) => (e.removedAt === undefined ? [r] : [r, e.removedAt])))].sort((a, b) => a - b);
  const final = dated.filter((x) => x.e.removedAt === undefined);
  const finalItems = prepareEvents(
    final.map((x) => x.e),
    NEVER,
    undefined,
  );
  const finalRun = deadlinesOf(
    finalItems,
    final.map((x) => x.e),
    tenant,
  );
  // Final events by practice time, to tell whether a moment knows exactly a prefix of them.
  const finalTimes = final.map((x) => x.t).sort((a, b) => a - b);
  const deadlines = new Versions<Row>(deadlineKey);
  const facts = new Versions<Unknown<FactVersion>>(factKey);
  // The final run's deadlines as open, made once each (a cut reuses them, and their keys).
  const opened = new Map<Row, Row>();
  const finalSpans = spansOf(finalItems);
  const made = new Map<Span, Map<number, Fact>>();
  for (const asAt of moments) {
    // As the store answers "known at asAt": recorded by then, not yet withdrawn or replaced.
    const known = dated.filter(({ e, r }) => r <= asAt && (e.removedAt === undefined || e.removedAt > asAt));
    let cut = -Infinity;
    let allFinal = true;
    for (const x of known) {
      if (x.t > cut) cut = x.t;
      if (x.e.removedAt !== undefined) allFinal = false;
    }
    if (allFinal && countUpTo(finalTimes, cut) === known.length) {
      deadlines.next(asAt, cutAt(finalRun, cut, opened));
      facts.next(asAt, cutFacts(finalSpans, cut, made));
    } else {
      const items = prepareEvents(
        known.map((x) => x.e),
        NEVER,
        undefined,
      );
      deadlines.next(
        asAt,
        deadlinesOf(
          items,
          known.map((x) => x.e),
          tenant,
        ),
      );
      facts.next(asAt, cutFacts(spansOf(items), Infinity, new Map()));
    }
  }
  return { deadlines: deadlines.close(), facts: facts.close() };
}

type Row = Unknown<DeadlineVersion>;

function deadlinesOf(items: readonly PreparedEvent[], events: readonly CaseEvent[], tenant: CompiledTenant): Row[] {
  const anchors = new Map<string, Data>();
  for (const { e } of items) anchors.set(e.id, e.data as Data);
  return evaluateChild(events, tenant, { now: NEVER }).map((d) => {
    const anchor = anchors.get(d.startedBy);
    return {
      deadlineId: d.deadlineId,
      rule: d.rule,
      startedAt: d.startedAt,
      dueAt: d.dueAt,
      warnAt: d.warnAt,
      closedAt: d.metAt ?? d.cancelledAt ?? NEVER,
      met: d.metAt !== undefined,
      teamId: str(anchor?.teamId),
      workerId: str(anchor?.workerId),
    };
  });
}

/** The final run as it stood when only events up to practice time `cut` had happened. */
function cutAt(run: readonly Row[], cut: number, opened: Map<Row, Row>): Row[] {
  const out: Row[] = [];
  for (const d of run) {
    if (d.startedAt > cut) continue;
    if (d.closedAt <= cut) out.push(d);
    else {
      let open = opened.get(d);
      if (!open) opened.set(d, (open = { ...d, closedAt: NEVER, met: false }));
      out.push(open);
    }
  }
  return out;
}

/** How many of the sorted times are at or before `t`. */
function countUpTo(sorted: readonly number[], t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const deadlineKey = (d: Row) => `${d.deadlineId}|${d.rule}|${d.startedAt}|${d.dueAt}|${d.warnAt}|${d.closedAt}|${d.met}|${d.teamId}|${d.workerId}`;
const factKey = (f: Unknown<FactVersion>) => `${f.kind}|${f.fromAt}|${f.toAt}|${f.day}|${f.teamId}|${f.workerId}|${f.ref ?? ''}|${f.keys ?? ''}`;

/** recordedtime in epoch ms (practice time when absent); NaN when `time` does not parse. */
function recordedAt(e: CaseEvent): number {
  const t = eventTimeMs(e.time);
  if (Number.isNaN(t) || e.recordedtime === undefined) return t;
  const r = eventTimeMs(e.recordedtime);
  return Number.isNaN(r) ? t : r;
}

/** Rows of consecutive versions: a row lives from the version that first has it to the first that does not. */
class Versions<T extends object> {
  private readonly open = new Map<string, { version: T & Known; seen: number }>();
  private readonly done: (T & Known)[] = [];
  // A row object met again (the final run's, cut the same way) keeps its key: keys are most of the cost.
  private readonly keys = new WeakMap<T, string>();
  private moment = 0;

  constructor(private readonly keyOf: (row: T) => string) {}

  next(at: number, rows: readonly T[]): void {
    // Each open row is marked with the last moment that had it, instead of a map per moment.
    const moment = ++this.moment;
    let had = 0;
    for (const row of rows) {
      let key = this.keys.get(row);
      if (key === undefined) {
        key = this.keyOf(row);
        this.keys.set(row, key);
      }
      const open = this.open.get(key);
      if (open?.seen === moment) continue; // the same row twice in one version
      had++;
      if (open) open.seen = moment;
      else this.open.set(key, { version: { ...row, knownFrom: at, knownTo: NEVER }, seen: moment });
    }
    if (this.open.size === had) return;
    for (const [key, open] of this.open) {
      if (open.seen === moment) continue;
      open.version.knownTo = at;
      this.done.push(open.version);
      this.open.delete(key);
    }
  }

  close(): (T & Known)[] {
    const out = this.done;
    for (const open of this.open.values()) out.push(open.version);
    return out;
  }
}

/** A fact before it is cut at a practice time: made by the event at `fromT`, ended by any of `ends` that happened. */
export interface Span {
  kind: FactKind;
  fromT: number;
  fromAt: number;
  ends: Closing[];
  day: string | null;
  teamId: string | null;
  workerId: string | null;
  ref?: string;
  keys?: string | null;
}

type Fact = Unknown<FactVersion>;

/** The same readings as healthChecksAt and the engine's case holder, as spans of practice time. */
function spansOf(items: readonly PreparedEvent[]): Span[] {
  const out: Span[] = [];
  const span = (kind: FactKind, t: number, day: string | null, teamId: string | null = null, workerId: string | null = null) => {
    const f: Span = { kind, fromT: t, fromAt: t, ends: [], day, teamId, workerId };
    out.push(f);
    return f;
  };
  let holder: Span | undefined;
  let birth: Span | undefined;
  for (const { e, t } of items) {
    const data = e.data as Data;
    switch (e.type) {
      case 'csc.worker.allocated':
      case 'csc.worker.unallocated': {
        const teamId = e.type === 'csc.worker.allocated' ? str(data.teamId) : (str(data.teamId) ?? holder?.teamId ?? null);
        const workerId = e.type === 'csc.worker.allocated' ? str(data.workerId) : null;
        // Several at one instant: the last in order holds the case from then.
        holder?.ends.push({ t, toAt: t });
        holder = span('alloc', t, e.type === 'csc.worker.allocated' ? 'allocated' : 'unallocated', teamId, workerId);
        break;
      }
      case 'csc.health-assessment.completed':
        span('health', t, londonDateOf(t));
        break;
      case 'csc.dental-check.completed':
        span('dental', t, londonDateOf(t));
        break;
      case 'csc.child.details-recorded':
        if (typeof data.birthDate !== 'string') break;
        birth?.ends.push({ t, toAt: t });
        birth = span('birth', t, data.birthDate.length === 7 ? `${data.birthDate}-01` : data.birthDate);
        break;
    }
  }
  careSpans(items, span);
  for (const item of itemSpans(items)) out.push(item);
  for (const item of latestSpans(items)) out.push(item);
  return out;
}

/**
 * The facts as they stood when only events up to practice time `cut` had happened. `made` keeps
 * one row object per span and end, so an unchanged fact is the same object from moment to moment.
 */
function cutFacts(spans: readonly Span[], cut: number, made: Map<Span, Map<number, Fact>>): Fact[] {
  const out: Fact[] = [];
  for (const s of spans) {
    if (s.fromT > cut) continue;
    let toAt = NEVER;
    for (const end of s.ends) if (end.t <= cut && end.toAt < toAt) toAt = end.toAt;
    // A span closed at its own start never held (a same-instant end or restart).
    if (toAt <= s.fromAt) continue;
    let bySpan = made.get(s);
    if (!bySpan) made.set(s, (bySpan = new Map()));
    let row = bySpan.get(toAt);
    if (!row) {
      row = { kind: s.kind, fromAt: s.fromAt, toAt, day: s.day, teamId: s.teamId, workerId: s.workerId };
      if (s.ref !== undefined) row.ref = s.ref;
      if (s.keys) row.keys = s.keys;
      bySpan.set(toAt, row);
    }
    out.push(row);
  }
  return out;
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}
