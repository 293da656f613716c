// One child's periods of care as DfE counts them (metrics.md "Short breaks", "Looked-after flows
// count children"): the legal status in force decides whether the child counts, one period is open
// at a time, and each ending carries the status it happened under. Pure: the metrics' projections,
// their from-events path and the health checks all read care through this one function.
import type { CaseEvent } from '@casewatch/contracts';

/** Legal statuses of a series of short-term breaks (903 LS): in no looked-after figure. */
export const SHORT_BREAK_STATUSES: readonly string[] = ['V3', 'V4'];

/** Event types that change what readCare says. */
export const CARE_EVENT_TYPES = ['csc.lac.started', 'csc.lac.legal-status-changed', 'csc.lac.placement-changed', 'csc.lac.ended'] as const;

/** Changes whenever readCare's reading changes: stored projections of it must be rebuilt. */
export const CARE_READING_VERSION = 'care-2026-12-1';

/** The end of a segment or period still open: "never", the largest epoch ms a Date holds. */
export const OPEN_END = 8_640_000_000_000_000;
const OPEN = OPEN_END;

type Data = Readonly<Record<string, unknown>>;

/**
 * The legal status an event states: its `legalStatus`, else V3 when it says `shortBreak: true`
 * (for senders without a legal status). A `legalStatus` always wins over `shortBreak`.
 */
export function legalStatusOf(data: Data): string | undefined {
  if (typeof data.legalStatus === 'string') return data.legalStatus;
  return data.shortBreak === true ? 'V3' : undefined;
}

export function isShortBreakStatus(status: string | undefined): boolean {
  return status !== undefined && SHORT_BREAK_STATUSES.includes(status);
}

/** A stretch of a period with one legal status and one placement. */
export interface CareSegment {
  from: number;
  /** Exclusive; OPEN (8.64e15) while the period is open. */
  to: number;
  legalStatus: string | undefined;
  /** V3/V4: the child is in no looked-after figure during it. */
  shortBreak: boolean;
  /** Index into the period's placements. */
  placement: number;
}

/** Where a period started or ended: when, by which event, and the team and worker the event names. */
export interface CareMoment {
  at: number;
  /** `source id` of the event. */
  ref: string;
  teamId: string | null;
  workerId: string | null;
}

export interface CareEnding extends CareMoment {
  /** `ended`: a csc.lac.ended; `new-start`: another period started while this one was open. */
  by: 'ended' | 'new-start';
  reason: string | null;
  /** In lac.ceased: a csc.lac.ended under a status other than V3/V4. */
  counted: boolean;
}

export interface CarePeriod {
  periodId: string;
  start: CareMoment;
  /** In lac.started: not a short break at the start, and not `startInferred`. */
  startCounted: boolean;
  uasc: boolean;
  /** Consecutive, from the start to the end (or OPEN). */
  segments: CareSegment[];
  /** Each placement's first moment and the event that began it (the start, or a placement change). */
  placements: { from: number; ref: string }[];
  end?: CareEnding;
}

export interface TimedEvent {
  readonly e: CaseEvent;
  /** Practice time, epoch ms. */
  readonly t: number;
}

const refOf = (e: CaseEvent) => `${e.source} ${e.id}`;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const careMoment = (e: CaseEvent, t: number): CareMoment => {
  const data = e.data as Data;
  return { at: t, ref: refOf(e), teamId: str(data.teamId), workerId: str(data.workerId) };
};

/**
 * The child's periods of care from its events in practice order (prepareEvents). At one instant
 * the open period's changes come first, then its ending, then starts, then the new period's changes
 * and ending, so arrival order never decides what ended or under which status. A change or ending naming a
 * period other than the open one is ignored (the period was already closed, or never started).
 */
export function readCare(items: readonly TimedEvent[]): CarePeriod[] {
  const periods: CarePeriod[] = [];
  let open: CarePeriod | undefined;
  const last = () => (open as CarePeriod).segments[(open as CarePeriod).segments.length - 1];
  const close = (at: number) => {
    last().to = at;
    open = undefined;
  };
  const change = (item: TimedEvent): boolean => {
    const data = item.e.data as Data;
    if (!open || String(data.periodId) !== open.periodId) return false;
    const current = last();
    const next = { ...current, from: item.t, to: OPEN };
    if (item.e.type === 'csc.lac.legal-status-changed') {
      const status = legalStatusOf(data);
      if (status === current.legalStatus) return true;
      next.legalStatus = status;
      next.shortBreak = isShortBreakStatus(status);
    } else {
      open.placements.push({ from: item.t, ref: refOf(item.e) });
      next.placement = open.placements.length - 1;
    }
    current.to = item.t;
    open.segments.push(next);
    return true;
  };
  const apply = (item: TimedEvent): boolean => {
    const { e, t } = item;
    const data = e.data as Data;
    if (e.type === 'csc.lac.ended') {
      if (!open || String(data.periodId) !== open.periodId) return false;
      open.end = { ...careMoment(e, t), by: 'ended', reason: str(data.reason), counted: !last().shortBreak };
      close(t);
    } else if (e.type === 'csc.lac.started') {
      if (open) {
        // Another period starts: the open one closes here without being a ceasing (events.md).
        open.end = { ...careMoment(e, t), by: 'new-start', reason: null, counted: false };
        close(t);
      }
      const status = legalStatusOf(data);
      const shortBreak = isShortBreakStatus(status);
      open = {
        periodId: String(data.periodId),
        start: careMoment(e, t),
        startCounted: !shortBreak && data.startInferred !== true,
        uasc: data.uasc === true,
        segments: [{ from: t, to: OPEN, legalStatus: status, shortBreak, placement: 0 }],
        placements: [{ from: t, ref: refOf(e) }],
      };
      periods.push(open);
    }
    return true;
  };
  const isCare = (type: string) => (CARE_EVENT_TYPES as readonly string[]).includes(type);
  const isChange = (type: string) => type === 'csc.lac.legal-status-changed' || type === 'csc.lac.placement-changed';
  let i = 0;
  while (i < items.length) {
    let j = i + 1;
    while (j < items.length && items[j].t === items[i].t) j++;
    const group = j === i + 1 ? (isCare(items[i].e.type) ? [items[i]] : []) : items.slice(i, j).filter((x) => isCare(x.e.type));
    if (group.length === 1) {
      if (isChange(group[0].e.type)) change(group[0]);
      else apply(group[0]);
    } else if (group.length > 1) {
      // What names the open period first; what names one started at this instant after its start.
      const changes = group.filter((x) => isChange(x.e.type) && !change(x));
      const endings = group.filter((x) => x.e.type === 'csc.lac.ended' && !apply(x));
      for (const x of group) if (x.e.type === 'csc.lac.started') apply(x);
      for (const x of changes) change(x);
      for (const x of endings) apply(x);
    }
    i = j;
  }
  return periods;
}

/** A stretch during which the child counts as looked after: consecutive non-short-break segments of one period. */
export interface CountedStretch {
  period: CarePeriod;
  from: number;
  to: number;
}

export function countedStretches(period: CarePeriod): CountedStretch[] {
  const out: CountedStretch[] = [];
  let current: CountedStretch | undefined;
  for (const s of period.segments) {
    // A segment that never held (two changes at one instant) neither counts nor breaks a stretch.
    if (s.to <= s.from) continue;
    if (s.shortBreak) {
      current = undefined;
      continue;
    }
    if (current && current.to === s.from) current.to = s.to;
    else out.push((current = { period, from: s.from, to: s.to }));
  }
  return out;
}

/** The counted stretch the child is in at instant `at`, if any. */
export function lookedAfterAt(periods: readonly CarePeriod[], at: number): CountedStretch | undefined {
  for (let k = periods.length - 1; k >= 0; k--) {
    const p = periods[k];
    if (p.start.at > at) continue;
    for (const s of countedStretches(p)) if (s.from <= at && at < s.to) return s;
  }
  return undefined;
}

/** A placement's time while the child counted as looked after (one placement may have several). */
export interface CountedPlacement {
  /** Tells placements apart within the child: the event that began it. */
  key: string;
  from: number;
  to: number;
}

export function countedPlacements(period: CarePeriod): CountedPlacement[] {
  const out: CountedPlacement[] = [];
  let current: CountedPlacement | undefined;
  for (const s of period.segments) {
    // A segment that never held (two changes at one instant) neither counts nor breaks a stretch.
    if (s.to <= s.from) continue;
    if (s.shortBreak) {
      current = undefined;
      continue;
    }
    const key = period.placements[s.placement].ref;
    if (current && current.key === key && current.to === s.from) current.to = s.to;
    else out.push((current = { key, from: s.from, to: s.to }));
  }
  return out;
}

/** How many placements the child had while looked after during [from, to]: the one in progress at `from` counts. */
export function placementsDuring(periods: readonly CarePeriod[], from: number, to: number): number {
  const keys = new Set<string>();
  for (const p of periods) for (const pl of countedPlacements(p)) if (pl.from <= to && pl.to > from) keys.add(pl.key);
  return keys.size;
}
