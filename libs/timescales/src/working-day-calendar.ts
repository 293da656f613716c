// A tenant's working days: Monday–Friday, minus the nation's bank holidays and the tenant's closure
// days. For the precomputed years every question is one or two array reads (prefix sums of working
// days and of skipped days); outside them the same answers come from walking day by day.
import { bankHolidayTitleOnDay } from './bank-holidays';
import { PRECOMPUTED_FIRST_YEAR, PRECOMPUTED_LAST_YEAR, assertInteger, dateOf, dayFromCivil, dayOf, isWeekendDay } from './civil-date';
import type { LocalDate } from './london-date';
import { assertNation, type Nation } from './nation';

export interface WorkingDayCalendarOptions {
  readonly nation: Nation;
  /** The tenant's own non-working days (e.g. the days between Christmas and New Year). */
  readonly closureDays?: readonly LocalDate[];
}

/** A weekday that is not a working day, with why: the bank holiday's title, or 'Closure day'. */
export interface SkippedDay {
  readonly date: LocalDate;
  readonly title: string;
}

export const CLOSURE_DAY_TITLE = 'Closure day';

const FIRST_DAY = dayFromCivil(PRECOMPUTED_FIRST_YEAR, 1, 1);
const LAST_DAY = dayFromCivil(PRECOMPUTED_LAST_YEAR, 12, 31);
const NO_SKIPPED_DAYS: readonly SkippedDay[] = Object.freeze([]);

export class WorkingDayCalendar {
  readonly nation: Nation;
  /** Sorted, without duplicates. */
  readonly closureDays: readonly LocalDate[];
  private readonly closures: ReadonlySet<number>;
  /** upTo[i]: working days in [FIRST_DAY, FIRST_DAY + i], both inclusive. */
  private readonly upTo: Int32Array;
  /** Every working day in the precomputed range, ascending: the k-th working day is workDays[k]. */
  private readonly workDays: Int32Array;
  /** Non-working weekdays in the range (bank holidays, closure days), ascending. */
  private readonly skippedInfo: readonly SkippedDay[];
  /** skippedUpTo[i]: how many of them fall in [FIRST_DAY, FIRST_DAY + i]. */
  private readonly skippedUpTo: Int32Array;

  constructor(options: WorkingDayCalendarOptions) {
    assertNation(options.nation);
    this.nation = options.nation;
    const closures = new Set((options.closureDays ?? []).map(dayOf));
    this.closures = closures;
    this.closureDays = Object.freeze([...closures].sort((a, b) => a - b).map(dateOf));

    const size = LAST_DAY - FIRST_DAY + 1;
    this.upTo = new Int32Array(size);
    this.skippedUpTo = new Int32Array(size);
    const work: number[] = [];
    const info: SkippedDay[] = [];
    for (let i = 0; i < size; i++) {
      const day = FIRST_DAY + i;
      const reason = this.nonWorkingReason(day);
      if (reason === null) work.push(day);
      else if (reason !== 'weekend') info.push(Object.freeze({ date: dateOf(day), title: reason }));
      this.upTo[i] = work.length;
      this.skippedUpTo[i] = info.length;
    }
    this.workDays = Int32Array.from(work);
    this.skippedInfo = info;
  }

  /** Monday–Friday, not a bank holiday of the nation, not a closure day. */
  isWorkingDay(date: LocalDate): boolean {
    return this.isWorkingDayNumber(dayOf(date));
  }

  /**
   * The n-th working day after `date`. Day 0 is `date` itself and is never counted, even when it is
   * a weekend or holiday: Saturday + 1 → Monday. n = 0 gives `date`; n < 0 counts back (−1 is the
   * last working day before `date`).
   */
  addWorkingDays(date: LocalDate, n: number): LocalDate {
    return dateOf(this.addWorkingDaysToDay(dayOf(date), n));
  }

  /**
   * The working days after `a` up to and including `b`. 0 when b = a; when b < a, minus the working
   * days after b up to and including a. So addWorkingDays(a, n) = b gives workingDaysBetween(a, b) = n.
   */
  workingDaysBetween(a: LocalDate, b: LocalDate): number {
    return this.workingDaysBetweenDays(dayOf(a), dayOf(b));
  }

  /** The non-working weekdays after `a` up to and including `b` (bank holidays, closure days), in order. */
  skippedDaysBetween(a: LocalDate, b: LocalDate): readonly SkippedDay[] {
    return this.skippedBetweenDays(dayOf(a), dayOf(b));
  }

  /** @internal */
  isWorkingDayNumber(day: number): boolean {
    if (day >= FIRST_DAY && day <= LAST_DAY) {
      const i = day - FIRST_DAY;
      return this.upTo[i] !== (i === 0 ? 0 : this.upTo[i - 1]);
    }
    return this.nonWorkingReason(day) === null;
  }

  /** @internal */
  addWorkingDaysToDay(day: number, n: number): number {
    assertInteger(n, 'n');
    if (n === 0) return day;
    if (day >= FIRST_DAY && day <= LAST_DAY) {
      // Working days up to and including the day before `day`: workDays[0 .. before-1] precede it.
      const before = day === FIRST_DAY ? 0 : this.upTo[day - 1 - FIRST_DAY];
      const k = n > 0 ? this.upTo[day - FIRST_DAY] + n - 1 : before + n;
      if (k >= 0 && k < this.workDays.length) return this.workDays[k];
    }
    const step = n > 0 ? 1 : -1;
    let remaining = Math.abs(n);
    let d = day;
    while (remaining > 0) {
      d += step;
      if (this.isWorkingDayNumber(d)) remaining--;
    }
    return d;
  }

  /** @internal */
  workingDaysBetweenDays(a: number, b: number): number {
    if (a >= FIRST_DAY && a <= LAST_DAY && b >= FIRST_DAY && b <= LAST_DAY) {
      return this.upTo[b - FIRST_DAY] - this.upTo[a - FIRST_DAY];
    }
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    let count = 0;
    for (let d = lo + 1; d <= hi; d++) if (this.isWorkingDayNumber(d)) count++;
    return b >= a || count === 0 ? count : -count; // never -0
  }

  /** @internal */
  skippedBetweenDays(a: number, b: number): readonly SkippedDay[] {
    if (b <= a) return NO_SKIPPED_DAYS;
    if (a >= FIRST_DAY && b <= LAST_DAY) {
      const from = this.skippedUpTo[a - FIRST_DAY];
      const to = this.skippedUpTo[b - FIRST_DAY];
      return from === to ? NO_SKIPPED_DAYS : this.skippedInfo.slice(from, to);
    }
    const out: SkippedDay[] = [];
    for (let d = a + 1; d <= b; d++) {
      const reason = this.nonWorkingReason(d);
      if (reason !== null && reason !== 'weekend') out.push({ date: dateOf(d), title: reason });
    }
    return out;
  }

  /** null for a working day; else 'weekend', or the holiday's title, or 'Closure day'. */
  private nonWorkingReason(day: number): string | null {
    if (isWeekendDay(day)) return 'weekend';
    const holiday = bankHolidayTitleOnDay(this.nation, day);
    if (holiday !== undefined) return holiday;
    return this.closures.has(day) ? CLOSURE_DAY_TITLE : null;
  }
}
