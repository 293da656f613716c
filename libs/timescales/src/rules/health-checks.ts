// Health and dental checks of looked-after children (metrics.md: lac.health-up-to-date,
// lac.dental-up-to-date). Not deadlines of timescales.md, so no alerts: a state at a moment.
import type { CaseEvent } from '@casewatch/contracts';
import { addMonthsClamped, type LocalDate, londonDateOf } from '../london-date';
import type { WorkingDayCalendar } from '../working-day-calendar';
import { lookedAfterAt, readCare } from '../care/care-periods';
import { prepareEvents } from './prepare-events';

/** Looked after this many working days or more before the checks are expected. */
export const CHECKS_AFTER_WORKING_DAYS = 20;

export interface CheckState {
  upToDate: boolean;
  /** The latest check on or before the moment, if any. */
  last?: LocalDate;
  /** The months a check stays current for this child. */
  months: number;
}

export interface ChildChecks {
  subject: string;
  /** Since when the child has counted as looked after without a break in the open period (short breaks excluded). */
  lookedAfterFrom: LocalDate;
  health: CheckState;
  dental: CheckState;
  teamId?: string;
  workerId?: string;
}

interface Data {
  birthDate?: unknown;
  teamId?: unknown;
  workerId?: unknown;
}

/**
 * A looked-after child's checks at `now`, or undefined when the child is not in scope (not looked
 * after, only on a short break, or looked after for fewer than 20 working days). A birth month
 * (`YYYY-MM`) counts from its first day; with no date of birth the 12-month limit applies.
 */
export function healthChecksAt(events: readonly CaseEvent[], calendar: WorkingDayCalendar, now: number, asAt?: number): ChildChecks | undefined {
  const items = prepareEvents(events, now, asAt);
  let health: LocalDate | undefined;
  let dental: LocalDate | undefined;
  let birth: LocalDate | undefined;
  let teamId: string | undefined;
  let workerId: string | undefined;
  for (const { e, t } of items) {
    const data = e.data as Data;
    switch (e.type) {
      case 'csc.health-assessment.completed':
        health = londonDateOf(t);
        break;
      case 'csc.dental-check.completed':
        dental = londonDateOf(t);
        break;
      case 'csc.child.details-recorded':
        if (typeof data.birthDate === 'string') birth = data.birthDate.length === 7 ? `${data.birthDate}-01` : data.birthDate;
        break;
      case 'csc.worker.allocated':
        teamId = data.teamId as string;
        workerId = data.workerId as string;
        break;
      case 'csc.worker.unallocated':
        teamId = (data.teamId as string | undefined) ?? teamId;
        workerId = undefined;
        break;
    }
  }
  // The legal status in force decides (a V3/V4 short break is not looked after: metrics.md).
  const stretch = lookedAfterAt(readCare(items), now);
  if (stretch === undefined) return undefined;
  const lookedAfterFrom = londonDateOf(stretch.from);
  const today = londonDateOf(now);
  if (calendar.workingDaysBetween(lookedAfterFrom, today) < CHECKS_AFTER_WORKING_DAYS) return undefined;
  const underFive = birth !== undefined && addMonthsClamped(birth, 60) > today;
  return {
    subject: events[0].subject,
    lookedAfterFrom,
    health: checkState(health, underFive ? 6 : 12, today),
    dental: checkState(dental, 12, today),
    ...(teamId !== undefined && { teamId }),
    ...(workerId !== undefined && { workerId }),
  };
}

/** Up to date: a check on or after the same date `months` back. */
export function checkState(last: LocalDate | undefined, months: number, today: LocalDate): CheckState {
  // Within N months: on or after the same date N months back.
  const upToDate = last !== undefined && last >= addMonthsClamped(today, -months);
  return last === undefined ? { upToDate, months } : { upToDate, last, months };
}
