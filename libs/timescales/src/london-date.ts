// The Europe/London calendar. A LocalDate is a `YYYY-MM-DD` string: it sorts and compares as text,
// and it is what the spec, the APIs and the database speak. Instants are epoch milliseconds.
import { MS_PER_DAY, addMonthsClampedToDay, assertInteger, dateOf, dayFromCivil, dayOf, daysInMonth, packedCivilFromDay, weekdayOfDay } from './civil-date';
import { TimescalesError } from './errors';
import { instantOfLondonWallTime, londonOffsetAt } from './london-offset';

/** A calendar date on the Europe/London calendar, `YYYY-MM-DD`. */
export type LocalDate = string;

/** First and last date of a period, both inclusive. */
export interface DateBounds {
  readonly first: LocalDate;
  readonly last: LocalDate;
}

const LAST_SECOND_OF_DAY_MS = MS_PER_DAY - 1000;

export { isLocalDate } from './civil-date';

/** @internal */
export function assertInstant(epochMs: number): void {
  if (!Number.isFinite(epochMs)) {
    throw new TimescalesError('INVALID_INSTANT', `Expected epoch milliseconds, got ${String(epochMs)}`);
  }
}

/** @internal Day number of the London date of an instant. */
export function londonDayOf(epochMs: number): number {
  assertInstant(epochMs);
  return Math.floor((epochMs + londonOffsetAt(epochMs)) / MS_PER_DAY);
}

/** @internal Instant of 23:59:59.000 London time on a day number. */
export function endOfLondonDayNumber(dayNumber: number): number {
  return instantOfLondonWallTime(dayNumber * MS_PER_DAY + LAST_SECOND_OF_DAY_MS);
}

/** @internal Instant of 00:00:00.000 London time on a day number. */
export function startOfLondonDayNumber(dayNumber: number): number {
  return instantOfLondonWallTime(dayNumber * MS_PER_DAY);
}

/** The Europe/London calendar date of an instant (GMT in winter, BST in summer). */
export function londonDateOf(epochMs: number): LocalDate {
  return dateOf(londonDayOf(epochMs));
}

/** The instant London's day begins: 00:00:00.000 London time. */
export function startOfLondonDay(date: LocalDate): number {
  return startOfLondonDayNumber(dayOf(date));
}

/**
 * The instant London's day ends for deadlines: 23:59:59.000 London time, as timescales.md words it
 * ("no later than the end (23:59:59 London time)"). A completion at that instant is in time; the
 * last 999 ms of the day are not part of it. For "the day after" use startOfLondonDay(addDays(d, 1)).
 */
export function endOfLondonDay(date: LocalDate): number {
  return endOfLondonDayNumber(dayOf(date));
}

/** `date` plus `n` calendar days (n may be negative). */
export function addDays(date: LocalDate, n: number): LocalDate {
  assertInteger(n, 'n');
  return dateOf(dayOf(date) + n);
}

/** 0 = Sunday, 1 = Monday … 6 = Saturday. */
export function dayOfWeek(date: LocalDate): number {
  return weekdayOfDay(dayOf(date));
}

/** Calendar days from `a` to `b`: b − a (negative when b is earlier). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return dayOf(b) - dayOf(a);
}

/** Same day-of-month `n` months on (or back, n < 0), clamped to the month's end: 2027-01-31 + 1 → 2027-02-28. */
export function addMonthsClamped(date: LocalDate, n: number): LocalDate {
  assertInteger(n, 'n');
  return dateOf(addMonthsClampedToDay(dayOf(date), n));
}

/** The financial year (1 April – 31 March) a date falls in, named by the year it starts: 2027-03-31 → 2026. */
export function financialYearOf(date: LocalDate): number {
  const packed = packedCivilFromDay(dayOf(date));
  const year = Math.floor(packed / 10000);
  return Math.floor(packed / 100) % 100 >= 4 ? year : year - 1;
}

/** First and last date of a calendar month given as `YYYY-MM`. */
export function monthBounds(month: string): DateBounds {
  const match = typeof month === 'string' ? /^(\d{4})-(\d{2})$/.exec(month) : null;
  const year = match ? Number(match[1]) : NaN;
  const m = match ? Number(match[2]) : NaN;
  if (!(m >= 1 && m <= 12)) {
    throw new TimescalesError('INVALID_MONTH', `Expected a month as YYYY-MM, got ${JSON.stringify(month)}`);
  }
  return {
    first: dateOf(dayFromCivil(year, m, 1)),
    last: dateOf(dayFromCivil(year, m, daysInMonth(year, m))),
  };
}

/** First and last date of financial year `fy`: 1 April fy to 31 March fy+1. */
export function financialYearBounds(fy: number): DateBounds {
  assertInteger(fy, 'fy');
  return { first: dateOf(dayFromCivil(fy, 4, 1)), last: dateOf(dayFromCivil(fy + 1, 3, 31)) };
}
