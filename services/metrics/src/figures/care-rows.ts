// The looked-after figures per child (CareDefinition), from the child's periods of care: what both
// ways of computing them share (the projected rows, and every child's events read in Node), so
// the two can only differ in where the periods come from.
import {
  addDays,
  addMonthsClamped,
  type CareEnding,
  type CarePeriod,
  type CountedStretch,
  endOfLondonDay,
  type LocalDate,
  londonDateOf,
  lookedAfterAt,
  placementsDuring,
  startOfLondonDay,
} from '@casewatch/timescales';
import type { CareDefinition } from '../catalogue/metric-definition';
import type { FigureQuery } from '../catalogue/figure-query.model';

/** The instants a figure looks at: flows in [from, to), snapshots at `at`. */
export interface CareWindow {
  from: number;
  to: number;
  at: number;
  /** Placements count from here (the start of the M months to the period end). */
  placementsFrom?: number;
}

export function careWindow(def: CareDefinition, first: LocalDate, last: LocalDate): CareWindow {
  const w: CareWindow = { from: startOfLondonDay(first), to: startOfLondonDay(addDays(last, 1)), at: endOfLondonDay(last) };
  if (def.placements) w.placementsFrom = startOfLondonDay(addDays(addMonthsClamped(last, -def.placements.months), 1));
  return w;
}

/** A child behind a figure: in the denominator, and in the numerator when `counted`. */
export interface CareRow {
  subject: string;
  /** The date that put the child there: counted as looked after since, started, ceased. */
  day: LocalDate;
  counted: boolean;
  /** Whose case it was is read at the end of this instant's day (flows) or at the period end. */
  scopeAt: number;
  /** The event's own team and worker, for a child nobody was allocated by then. */
  teamId: string | null;
  workerId: string | null;
}

/**
 * What puts the child in a definition's figure: the counted stretch at the period end (snapshots),
 * the first counted start or the last counted ending in the period (flows); `at` is that instant.
 */
export type CareSelection =
  { measure: 'looked-after'; period: CarePeriod; at: number; stretch: CountedStretch } | { measure: 'started' | 'ceased'; period: CarePeriod; at: number };

export function careSelectionOf(def: CareDefinition, periods: readonly CarePeriod[], w: CareWindow): CareSelection | undefined {
  if (def.measure === 'looked-after') {
    const stretch = lookedAfterAt(periods, w.at);
    return stretch && { measure: def.measure, period: stretch.period, at: w.at, stretch };
  }
  if (def.measure === 'started') {
    // The first start in the window that counts (a child counts once).
    const p = periods.find((x) => x.startCounted && x.start.at >= w.from && x.start.at < w.to);
    return p && { measure: def.measure, period: p, at: p.start.at };
  }
  // The last ending in the period decides the reason.
  let last: CarePeriod | undefined;
  for (const p of periods) if (p.end?.counted && p.end.at >= w.from && p.end.at < w.to) last = p;
  return last?.end && { measure: def.measure, period: last, at: last.end.at };
}

/**
 * The child's row for a definition, or undefined when the child is not in it. `alsoOpen`: whether
 * the definition's other item (a CP plan) is open at an instant.
 */
export function careRowOf(
  def: CareDefinition,
  subject: string,
  periods: readonly CarePeriod[],
  w: CareWindow,
  alsoOpen?: (at: number) => boolean,
): CareRow | undefined {
  const m = careSelectionOf(def, periods, w);
  if (!m) return undefined;
  if (m.measure === 'looked-after') {
    const { stretch } = m;
    if ((def.uasc && !stretch.period.uasc) || (def.alsoOpen && !alsoOpen?.(w.at))) return undefined;
    const counted = def.placements ? placementsDuring(periods, w.placementsFrom as number, w.at) >= def.placements.atLeast : true;
    const { teamId, workerId } = stretch.period.start;
    return { subject, day: londonDateOf(stretch.from), counted, scopeAt: w.at, teamId, workerId };
  }
  if (m.measure === 'started') return flowRow(subject, m.at, true, m.period.start);
  const end = m.period.end as CareEnding;
  return flowRow(subject, end.at, def.reasons ? end.reason !== null && def.reasons.includes(end.reason) : true, end);
}

function flowRow(subject: string, at: number, counted: boolean, by: { teamId: string | null; workerId: string | null }): CareRow {
  return { subject, ...flowAt(at), counted, teamId: by.teamId, workerId: by.workerId };
}

/** A flow's date, and when its scope is read: the end of that day (the allocation in force at the event's date). */
export function flowAt(at: number): { day: LocalDate; scopeAt: number } {
  const day = londonDateOf(at);
  return { day, scopeAt: endOfLondonDay(day) };
}

/** Who held the case at an instant: `allocated` false for a case left unallocated. */
export interface Holder {
  allocated: boolean;
  teamId: string | null;
  workerId: string | null;
}

/** As SqlBuilder.inScope: the holder at the relevant date if anyone was ever allocated by then, else the event's own. */
export function inCareScope(row: CareRow, holder: Holder | undefined, scope: FigureQuery['scope']): boolean {
  if (!scope) return true;
  const field = scope.kind === 'team' ? 'teamId' : 'workerId';
  return holder ? holder.allocated && holder[field] === scope.id : row[field] === scope.id;
}

export interface CareFigure {
  numerator: number;
  denominator: number;
  cases: { subject: string; dates: string[] }[];
}

/** Children in the denominator, those counted in the numerator, and the counted as cases (by date, then child). */
export function careFigure(rows: readonly CareRow[]): CareFigure {
  const counted = rows.filter((r) => r.counted);
  const cases = counted
    .map((r) => ({ subject: r.subject, dates: [r.day as string] }))
    .sort((a, b) => a.dates[0].localeCompare(b.dates[0]) || (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0));
  return { numerator: counted.length, denominator: rows.length, cases };
}
