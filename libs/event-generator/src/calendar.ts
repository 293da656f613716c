// Days, working days and timestamps for the generator. Internal time is whole seconds since the
// Unix epoch (UTC); a "day" is a UTC day number. Office-hours practice times (08:00–17:30 UTC, at
// most 22:00 for same-day follow-ups) fall where the UTC date and the Europe/London date agree all
// year, so "N working days later" holds for the London dates of the times we print. Only missing
// episodes run at any hour.
//
// Working days: Monday–Friday minus the England and Wales bank holidays by their standing rules
// (with substitute days) and the moved or extra days of 2020–2023. This is an approximation good
// enough for making realistic data; the timescales lib (date-holidays) is the authority for clocks.

export const MINUTE = 60;
export const HOUR = 3600;
export const DAY = 86_400;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day number of a date `YYYY-MM-DD`; throws on anything else (including 2026-02-30). */
export function parseDay(date: string): number {
  const m = DATE.exec(date);
  const ms = m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) : Number.NaN;
  const parsed = new Date(ms);
  if (!m || Number.isNaN(ms) || parsed.getUTCMonth() !== +m[2] - 1 || parsed.getUTCDate() !== +m[3]) {
    throw new RangeError(`not a date YYYY-MM-DD: ${JSON.stringify(date)}`);
  }
  return ms / 1000 / DAY;
}

const dayStrings = new Map<number, string>();

/** `YYYY-MM-DD` of a day number (cached: the hot path formats the same few thousand days). */
export function dayString(day: number): string {
  let s = dayStrings.get(day);
  if (s === undefined) {
    s = new Date(day * DAY * 1000).toISOString().slice(0, 10);
    if (dayStrings.size > 200_000) dayStrings.clear();
    dayStrings.set(day, s);
  }
  return s;
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

/** 0 = Sunday … 6 = Saturday (day 0, 1970-01-01, was a Thursday). */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function ymd(day: number): [number, number, number] {
  const d = new Date(day * DAY * 1000);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}

function dayOf(year: number, month: number, date: number): number {
  return Date.UTC(year, month - 1, date) / 1000 / DAY;
}

/** The same day-of-month `months` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(day: number, months: number): number {
  const [y, m, d] = ymd(day);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return dayOf(year, month, Math.min(d, last));
}

/** Whole years from `birthDay` to `day` (the age on that day). */
export function ageOn(birthDay: number, day: number): number {
  const [by, bm, bd] = ymd(birthDay);
  const [y, m, d] = ymd(day);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The day of the `years`-th birthday (29 Feb birthdays fall on 28 Feb). */
export function birthday(birthDay: number, years: number): number {
  return addMonths(birthDay, years * 12);
}

// Gregorian Easter Sunday (anonymous algorithm, Meeus/Jones/Butcher).
function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  return dayOf(year, month, ((h + l - 7 * m + 114) % 31) + 1);
}

function firstMonday(year: number, month: number): number {
  const first = dayOf(year, month, 1);
  return first + ((8 - weekday(first)) % 7);
}

function lastMonday(year: number, month: number): number {
  const last = dayOf(year, month + 1, 0);
  return last - ((weekday(last) + 6) % 7);
}

const isWeekend = (day: number): boolean => weekday(day) === 0 || weekday(day) === 6;

/** England and Wales bank holidays of one year, as day numbers. */
export function bankHolidays(year: number): number[] {
  const days: number[] = [];
  let newYear = dayOf(year, 1, 1);
  while (isWeekend(newYear)) newYear++;
  days.push(newYear);
  const easter = easterSunday(year);
  days.push(easter - 2, easter + 1);
  // Moved or extra days: VE day 2020; the 2022 jubilee; the 2022 state funeral; the 2023 coronation.
  if (year === 2020) days.push(dayOf(2020, 5, 8));
  else days.push(firstMonday(year, 5));
  if (year === 2022) days.push(dayOf(2022, 6, 2), dayOf(2022, 6, 3), dayOf(2022, 9, 19));
  else days.push(lastMonday(year, 5));
  if (year === 2023) days.push(dayOf(2023, 5, 8));
  days.push(lastMonday(year, 8));
  // Christmas and Boxing Day; one falling on a weekend moves to the next free weekday.
  let substitute = dayOf(year, 12, 26);
  for (const day of [dayOf(year, 12, 25), dayOf(year, 12, 26)]) {
    if (!isWeekend(day)) {
      days.push(day);
      continue;
    }
    do substitute++;
    while (isWeekend(substitute));
    days.push(substitute);
  }
  return days;
}

/** Working-day arithmetic over a table that grows on demand (generation can run open-ended). */
export class WorkingDays {
  private base = 0;
  private cumulative = new Int32Array(0); // working days in [base, base + i]
  private list = new Int32Array(0); // the working days from base, in order

  constructor(aroundDay: number) {
    this.build(aroundDay - 400, aroundDay + 1500);
  }

  isWorkingDay(day: number): boolean {
    this.cover(day);
    const i = day - this.base;
    return this.cumulative[i] !== (i === 0 ? 0 : this.cumulative[i - 1]);
  }

  /** The n-th working day after `day` (n ≥ 1); `day` itself for n = 0. */
  add(day: number, n: number): number {
    if (n <= 0) return day;
    this.cover(day);
    let target = this.cumulative[day - this.base] + n - 1;
    while (target >= this.list.length) {
      this.cover(this.base + this.cumulative.length + 400);
      target = this.cumulative[day - this.base] + n - 1;
    }
    return this.list[target];
  }

  /** The first working day on or after `day`. */
  onOrAfter(day: number): number {
    return this.isWorkingDay(day) ? day : this.add(day, 1);
  }

  /** Working days after `a` up to and including `b` (0 if b ≤ a). */
  between(a: number, b: number): number {
    if (b <= a) return 0;
    this.cover(a);
    this.cover(b);
    return this.cumulative[b - this.base] - this.cumulative[a - this.base];
  }

  private cover(day: number): void {
    const end = this.base + this.cumulative.length;
    if (day >= this.base && day < end) return;
    const from = Math.min(this.base, day - 400);
    const to = Math.max(end, day + 1) + Math.max(1500, this.cumulative.length);
    this.build(from, to);
  }

  private build(from: number, to: number): void {
    const holidays = new Set<number>();
    const [firstYear] = ymd(from);
    const [lastYear] = ymd(to);
    for (let y = firstYear; y <= lastYear; y++) for (const d of bankHolidays(y)) holidays.add(d);
    const cumulative = new Int32Array(to - from);
    const list: number[] = [];
    for (let day = from; day < to; day++) {
      if (!isWeekend(day) && !holidays.has(day)) list.push(day);
      cumulative[day - from] = list.length;
    }
    this.base = from;
    this.cumulative = cumulative;
    this.list = Int32Array.from(list);
  }
}
