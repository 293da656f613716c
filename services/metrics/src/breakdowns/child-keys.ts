// Keys read from a child's own record (pure): its age band on a date, and the care in force when a
// looked-after figure counted it.
import type { CaseEvent } from '@casewatch/contracts';
import { type CarePeriod, type LocalDate, prepareEvents, readCare } from '@casewatch/timescales';
import { UNKNOWN_KEY } from '../catalogue/breakdown-dimensions';
import type { CareDefinition } from '../catalogue/metric-definition';
import { type CareRow, type CareSelection, careSelectionOf, type CareWindow, type Holder } from '../figures/care-rows';
import { NEVER } from '../projection/child-history';

export type CareKey = 'legalStatus' | 'placementType' | 'reason' | 'uasc';

const DATE = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/;

/**
 * DfE's age bands on `day` (whole years, a birthday reached on its date; 29 February's on 1 March
 * in other years). A month-only date of birth counts as the first of that month; before the birth
 * `unborn`, from 18 `18-plus`, with none recorded `unknown`.
 */
export function ageBandOf(birth: string | null | undefined, day: LocalDate): string {
  const m = birth ? DATE.exec(birth) : null;
  if (!m) return UNKNOWN_KEY;
  const born = `${m[1]}-${m[2]}-${m[3] ?? '01'}`;
  if (day < born) return 'unborn';
  const years = Number(day.slice(0, 4)) - Number(m[1]) - (day.slice(5) < born.slice(5) ? 1 : 0);
  if (years < 1) return 'under-1';
  if (years < 5) return '1-4';
  if (years < 10) return '5-9';
  if (years < 16) return '10-15';
  if (years < 18) return '16-17';
  return '18-plus';
}

/**
 * The care key of the period that put a child in a looked-after figure: the legal status or the
 * placement in force at that moment (for a start, the one it began with), the ending's reason, or
 * whether the period is of an unaccompanied asylum-seeking child.
 */
export function careKeyOf(key: CareKey, selection: CareSelection, events: readonly CaseEvent[]): string {
  const period: CarePeriod = selection.period;
  if (key === 'uasc') return period.uasc ? 'yes' : 'no';
  if (key === 'reason') return period.end?.reason ?? UNKNOWN_KEY;
  // The segment in force at the moment: the last that began by then and held for some time.
  const at = selection.measure === 'ceased' ? (period.end?.at ?? selection.at) - 1 : selection.at;
  let segment = period.segments[0];
  for (const s of period.segments) if (s.from <= at && s.to > s.from) segment = s;
  if (key === 'legalStatus') return segment?.legalStatus ?? UNKNOWN_KEY;
  const ref = period.placements[segment?.placement ?? 0]?.ref;
  const began = events.find((e) => `${e.source} ${e.id}` === ref);
  const type = (began?.data as { placementType?: unknown } | undefined)?.placementType;
  return typeof type === 'string' ? type : UNKNOWN_KEY;
}

/**
 * The care key of a child in a looked-after figure, from its events as known (readCare reads only
 * CARE_EVENT_TYPES, so those alone give the same key as all of them).
 */
export function careKeyOfChild(def: CareDefinition, key: CareKey, events: readonly CaseEvent[], w: CareWindow): string {
  const selection = careSelectionOf(def, readCare(prepareEvents(events, NEVER, undefined)), w);
  if (!selection) throw new Error(`child ${events[0]?.subject ?? '(no events)'} is in ${def.measure} but its care says otherwise`);
  return careKeyOf(key, selection, events);
}

/** The team whose scope counts a looked-after row (as inCareScope): the holder's if anyone was allocated by then, else the event's own. */
export function teamKeyOf(row: CareRow, holder: Holder | undefined): string {
  const team = holder ? (holder.allocated ? holder.teamId : null) : row.teamId;
  return team ?? UNKNOWN_KEY;
}
