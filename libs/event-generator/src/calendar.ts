// Time units, day numbers and the instant format of the generator. Internal time is whole seconds
// since the Unix epoch (UTC); a "day" is a UTC day number (days since 1970-01-01). Office-hours
// practice times (08:00–17:30 UTC, at most 22:00 for same-day follow-ups) fall where the UTC date
// and the Europe/London date agree all year, so a day number is also the London date of the times
// printed on it. Only missing episodes run at any hour.
//
// The calendar itself (England and Wales bank holidays, working days, month arithmetic) is
// @casewatch/timescales, the same one the deadline engine counts with: this file only converts
// between day numbers and its `YYYY-MM-DD` dates.
import { type LocalDate, WorkingDayCalendar, addDays, addMonthsClamped, daysBetween, isLocalDate } from '@casewatch/timescales';

export const MINUTE = 60;
export const HOUR = 3600;
export const DAY = 86_400;

const EPOCH: LocalDate = '1970-01-01';

/** The day number of a date `YYYY-MM-DD`; throws RangeError on anything else (including 2026-02-30). */
export function parseDay(date: string): number {
  if (!isLocalDate(date)) throw new RangeError(`not a date YYYY-MM-DD: ${JSON.stringify(date)}`);
  return daysBetween(EPOCH, date);
}

/** `YYYY-MM-DD` of a day number. */
export function dayString(day: number): LocalDate {
  return addDays(EPOCH, day);
}

/** `YYYY-MM` of a day number. */
export function monthString(day: number): string {
  return dayString(day).slice(0, 7);
}

const CLOCK: string[] = [];
for (let h = 0; h < 24; h++) {
  for (let m = 0; m < 60; m++) CLOCK.push(`T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:`);
}
const SECONDS = Array.from({ length: 60 }, (_, s) => `${String(s).padStart(2, '0')}Z`);

/** RFC 3339 in UTC, e.g. 2026-11-20T14:05:00Z. */
export function formatInstant(sec: number): string {
  const day = Math.floor(sec / DAY);
  const inDay = sec - day * DAY;
  return dayString(day) + CLOCK[Math.floor(inDay / MINUTE)] + SECONDS[inDay % MINUTE];
}

/** The same day-of-month `months` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(day: number, months: number): number {
  const date = dayString(day);
  return day + daysBetween(date, addMonthsClamped(date, months));
}

/** The day of the `years`-th birthday (29 Feb birthdays fall on 28 Feb). */
export function birthday(birthDay: number, years: number): number {
  return addMonths(birthDay, years * 12);
}

/**
 * Working-day arithmetic on day numbers, over one timescales WorkingDayCalendar (England: England
 * and Wales share their bank holidays). Building the calendar costs milliseconds: make one a run.
 */
export class WorkingDays {
  constructor(readonly calendar: WorkingDayCalendar = new WorkingDayCalendar({ nation: 'england' })) {}

  isWorkingDay(day: number): boolean {
    return this.calendar.isWorkingDay(dayString(day));
  }

  /** The n-th working day after `day` (n ≥ 1); `day` itself for n ≤ 0. */
  add(day: number, n: number): number {
    if (n <= 0) return day;
    const date = dayString(day);
    return day + daysBetween(date, this.calendar.addWorkingDays(date, n));
  }

  /** The first working day on or after `day`. */
  onOrAfter(day: number): number {
    return this.isWorkingDay(day) ? day : this.add(day, 1);
  }

  /** Working days after `a` up to and including `b` (0 if b ≤ a). */
  between(a: number, b: number): number {
    return b <= a ? 0 : this.calendar.workingDaysBetween(dayString(a), dayString(b));
  }
}
