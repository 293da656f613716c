// Proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01, which is day 0).
// Internal: the public API speaks `YYYY-MM-DD` strings; day numbers keep the hot paths to integer
// maths with no Date objects.
import { TimescalesError } from './errors';

export const MS_PER_DAY = 86_400_000;

/** Years whose calendars are precomputed (strings cached, working-day tables built). Outside: still correct, slower. */
export const PRECOMPUTED_FIRST_YEAR = 2010;
export const PRECOMPUTED_LAST_YEAR = 2040;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_LENGTHS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : MONTH_LENGTHS[month - 1];
}

/** Day number of a civil date (Howard Hinnant's days_from_civil). */
export function dayFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  if (y < 0 || y > 1e9) return dayFromCivilAnyYear(y, month, day);
  // 0 <= y <= 1e9: every quotient below is non-negative, so `| 0` truncation is floor, and much faster.
  const era = (y / 400) | 0;
  const yoe = y - era * 400;
  const doy = (((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) | 0) + day - 1;
  const doe = yoe * 365 + ((yoe / 4) | 0) - ((yoe / 100) | 0) + doy;
  return era * 146097 + doe - 719468;
}

function dayFromCivilAnyYear(y: number, month: number, day: number): number {
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The civil date of a day number packed as y*10000 + m*100 + d: one number, no allocation. */
export function packedCivilFromDay(dayNumber: number): number {
  const z = dayNumber + 719468;
  // Days before 0000-03-01 need true floor division (and absurdly far ones a quotient beyond int32);
  // every other quotient is non-negative, so `| 0` truncation is floor, and much faster.
  const era = z >= 0 && z < 2 ** 31 ? (z / 146097) | 0 : Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = ((doe - ((doe / 1460) | 0) + ((doe / 36524) | 0) - ((doe / 146096) | 0)) / 365) | 0;
  const doy = doe - (365 * yoe + ((yoe / 4) | 0) - ((yoe / 100) | 0));
  const mp = ((5 * doy + 2) / 153) | 0;
  const d = doy - (((153 * mp + 2) / 5) | 0) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return y * 10000 + m * 100 + d;
}

export function yearOfDay(dayNumber: number): number {
  return Math.floor(packedCivilFromDay(dayNumber) / 10000);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOfDay(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

export function isWeekendDay(dayNumber: number): boolean {
  const w = weekdayOfDay(dayNumber);
  return w === 0 || w === 6;
}

const FIRST_CACHED_DAY = dayFromCivil(PRECOMPUTED_FIRST_YEAR, 1, 1);
const LAST_CACHED_DAY = dayFromCivil(PRECOMPUTED_LAST_YEAR, 12, 31);
// Filled on demand: formatting is the one allocation on the hot paths, so each string is made once.
const stringCache: (string | undefined)[] = new Array<string | undefined>(LAST_CACHED_DAY - FIRST_CACHED_DAY + 1);

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

function invalidDate(s: unknown): TimescalesError {
  return new TimescalesError('INVALID_LOCAL_DATE', `Expected a date as YYYY-MM-DD, got ${JSON.stringify(s)}`);
}

/** Parses a strict `YYYY-MM-DD` (a real calendar date) to its day number. */
export function dayOf(date: string): number {
  if (typeof date !== 'string' || date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) {
    throw invalidDate(date);
  }
  const y0 = digit(date, 0),
    y1 = digit(date, 1),
    y2 = digit(date, 2),
    y3 = digit(date, 3);
  const m0 = digit(date, 5),
    m1 = digit(date, 6),
    d0 = digit(date, 8),
    d1 = digit(date, 9);
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0) throw invalidDate(date);
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = m0 * 10 + m1;
  const day = d0 * 10 + d1;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) throw invalidDate(date);
  return dayFromCivil(year, month, day);
}

export function isLocalDate(value: unknown): value is string {
  try {
    dayOf(value as string);
    return true;
  } catch {
    return false;
  }
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

function formatUncached(dayNumber: number): string {
  const packed = packedCivilFromDay(dayNumber);
  const y = Math.floor(packed / 10000);
  if (y < 0 || y > 9999) {
    throw new TimescalesError('INVALID_LOCAL_DATE', `Day ${dayNumber} is outside years 0000-9999`);
  }
  return `${String(y).padStart(4, '0')}-${pad2(Math.floor(packed / 100) % 100)}-${pad2(packed % 100)}`;
}

/** `YYYY-MM-DD` of a day number. */
export function dateOf(dayNumber: number): string {
  if (dayNumber >= FIRST_CACHED_DAY && dayNumber <= LAST_CACHED_DAY) {
    const i = dayNumber - FIRST_CACHED_DAY;
    return (stringCache[i] ??= formatUncached(dayNumber));
  }
  return formatUncached(dayNumber);
}

/** Same day-of-month `months` months on (or back), clamped to the end of the target month. */
export function addMonthsClampedToDay(dayNumber: number, months: number): number {
  const packed = packedCivilFromDay(dayNumber);
  const index = Math.floor(packed / 10000) * 12 + (Math.floor(packed / 100) % 100) - 1 + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return dayFromCivil(year, month, Math.min(packed % 100, daysInMonth(year, month)));
}

export function assertInteger(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) {
    throw new TimescalesError('INVALID_NUMBER', `${what} must be an integer, got ${String(n)}`);
  }
}
