// Due dates and warning times for the limit units of timescales.md.
import { addMonthsClampedToDay, dateOf } from './civil-date';
import { TimescalesError } from './errors';
import { assertInstant, endOfLondonDayNumber, londonDayOf, startOfLondonDayNumber, type LocalDate } from './london-date';
import type { SkippedDay, WorkingDayCalendar } from './working-day-calendar';

export type LimitUnit = 'working-days' | 'days' | 'weeks' | 'months' | 'hours';

export const LIMIT_UNITS: readonly LimitUnit[] = ['working-days', 'days', 'weeks', 'months', 'hours'];

/** "within n units", e.g. { n: 15, unit: 'working-days' }. n is a whole number, 0 or more. */
export interface Limit {
  readonly n: number;
  readonly unit: LimitUnit;
}

export interface Due {
  /** The last instant that still meets the limit (epoch ms). */
  readonly dueAt: number;
  /** The London due date; absent for `hours`, whose deadline is a clock time, not a day. */
  readonly dueDate?: LocalDate;
  /** Bank holidays and closure days the count stepped over (working-days only; else empty). */
  readonly skipped: readonly SkippedDay[];
}

/** Deadlines turn due-soon this long before they fall due, unless a rule says otherwise. */
export const DEFAULT_WARN_BEFORE: Limit = Object.freeze({ n: 2, unit: 'working-days' });

const MS_PER_HOUR = 3_600_000;
const NONE: readonly SkippedDay[] = Object.freeze([]);

function assertLimit(limit: Limit, what: string): void {
  if (limit === null || typeof limit !== 'object' || !Number.isSafeInteger(limit.n) || limit.n < 0 || !LIMIT_UNITS.includes(limit.unit)) {
    const expected = `{ n: a whole number >= 0, unit: ${LIMIT_UNITS.join('|')} }`;
    throw new TimescalesError('INVALID_LIMIT', `${what} must be ${expected}, got ${JSON.stringify(limit)}`);
  }
}

/** The day `n` units after (sign +1) or before (sign −1) `day`; not for hours. */
function shiftDay(day: number, sign: 1 | -1, limit: Limit, calendar: WorkingDayCalendar): number {
  switch (limit.unit) {
    case 'working-days':
      return calendar.addWorkingDaysToDay(day, sign * limit.n);
    case 'days':
      return day + sign * limit.n;
    case 'weeks':
      return day + sign * 7 * limit.n;
    case 'months':
      return addMonthsClampedToDay(day, sign * limit.n);
    default:
      throw new TimescalesError('INVALID_LIMIT', `shiftDay does not take unit ${limit.unit}`);
  }
}

/**
 * When a clock started at `start` (epoch ms) falls due.
 *
 * - working-days / days / weeks / months: day 0 is the London date of `start`; due at the end
 *   (23:59:59 London) of the n-th working day / n-th day / 7n-th day / same day-of-month n months
 *   on (clamped to the month's end) after it.
 * - hours: exactly start + n hours of elapsed time, whatever the clocks do.
 */
export function computeDue(start: number, limit: Limit, calendar: WorkingDayCalendar): Due {
  assertLimit(limit, 'limit');
  if (limit.unit === 'hours') {
    assertInstant(start);
    return { dueAt: start + limit.n * MS_PER_HOUR, skipped: NONE };
  }
  const day0 = londonDayOf(start);
  const dueDay = shiftDay(day0, 1, limit, calendar);
  return {
    dueAt: endOfLondonDayNumber(dueDay),
    dueDate: dateOf(dueDay),
    skipped: limit.unit === 'working-days' ? calendar.skippedBetweenDays(day0, dueDay) : NONE,
  };
}

/**
 * When a deadline due at `dueAt` turns due-soon. `warnBefore` undefined means DEFAULT_WARN_BEFORE
 * (2 working days).
 *
 * - hours: exactly dueAt − n hours.
 * - day units: the start (00:00 London) of the day n working days / n days / 7n days / n months
 *   (clamped) before the London date of `dueAt`. Due end of Wednesday 13 Jan with 2 working days →
 *   from the start of Monday 11 Jan, so the warning is there for two full working days before the
 *   due day; due on a Monday with 1 working day → from the start of the Friday before.
 *
 * The result can be earlier than the clock's start (a short limit, or a backdated event): the
 * deadline is then due-soon from the moment it opens.
 */
export function warnAt(dueAt: number, warnBefore: Limit | undefined, calendar: WorkingDayCalendar): number {
  const before = warnBefore ?? DEFAULT_WARN_BEFORE;
  assertLimit(before, 'warnBefore');
  if (before.unit === 'hours') {
    assertInstant(dueAt);
    return dueAt - before.n * MS_PER_HOUR;
  }
  return startOfLondonDayNumber(shiftDay(londonDayOf(dueAt), -1, before, calendar));
}
