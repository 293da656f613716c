/**
 * Periods, scopes and "as known at" as the pages take them from the query string (api.md's
 * forms), checked before anything is asked of the APIs so that a bad value is a 400 page.
 */
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const FY = /^fy(\d{4})$/;
const QUARTER = /^fy(\d{4})-Q([1-4])$/;
const WEEK = /^(\d{4})-W(\d{2})$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const SCOPE = /^(la|team:[A-Za-z0-9._-]{1,64}|worker:[A-Za-z0-9._-]{1,64})$/;

export class BadQuery extends Error {}

export function checkPeriod(period: string | undefined, allowCurrent = true): string {
  const p = period || 'current';
  if ((allowCurrent && p === 'current') || MONTH.test(p) || FY.test(p) || QUARTER.test(p) || isWeek(p)) return p;
  throw new BadQuery(
    `period must be current, YYYY-MM, fyYYYY, a quarter fyYYYY-Qn (Q1 April–June … Q4 January–March) or an ISO week YYYY-Www, not ${JSON.stringify(p.slice(0, 20))}`,
  );
}

export function checkScope(scope: string | undefined): string {
  const s = scope || 'la';
  if (SCOPE.test(s)) return s;
  throw new BadQuery('scope must be la, team:{id} or worker:{id}');
}

/**
 * "As known at": RFC 3339 as given, or a date (the picker's) meaning the end of that London day.
 * '' means now.
 */
export function checkAsAt(asAt: string | undefined): string {
  if (!asAt) return '';
  if (RFC3339.test(asAt) && !Number.isNaN(Date.parse(asAt))) return asAt;
  if (DATE.test(asAt) && !Number.isNaN(Date.parse(`${asAt}T00:00:00Z`))) return endOfLondonDay(asAt);
  throw new BadQuery('as known at must be a date (YYYY-MM-DD) or an RFC 3339 time');
}

/** `2026-07-31` → `2026-07-31T23:59:59+01:00` (British Summer Time) or `…+00:00`. */
export function endOfLondonDay(date: string): string {
  const noon = new Date(`${date}T12:00:00Z`);
  const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hourCycle: 'h23' }).format(noon));
  const offset = hour - 12;
  return `${date}T23:59:59+0${offset}:00`;
}

/** The month of a London moment, `2026-12`. */
export function londonMonth(now: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit' }).formatToParts(now);
  return `${parts.find((p) => p.type === 'year')!.value}-${parts.find((p) => p.type === 'month')!.value}`;
}

/** The London date of a moment, `2026-12-07`. */
export function londonToday(now: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * The same kind of period before: `months` back for a month, the year before for fyYYYY; for a
 * quarter or a week the one before, or (months ≥ 12) the same quarter or week a year before.
 */
export function previousPeriod(period: string, months: number): string {
  const fy = FY.exec(period);
  if (fy) return `fy${Number(fy[1]) - Math.max(1, Math.round(months / 12))}`;
  const quarter = QUARTER.exec(period);
  if (quarter) {
    const index = Number(quarter[1]) * 4 + Number(quarter[2]) - 1 - (months >= 12 ? 4 : 1);
    return `fy${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
  }
  const week = WEEK.exec(period);
  if (week) {
    if (months < 12) return isoWeekOf(addDays(weekBounds(period).first, -1));
    const year = Number(week[1]) - 1;
    return `${year}-W${String(Math.min(Number(week[2]), isoWeeksIn(year))).padStart(2, '0')}`;
  }
  return addMonths(period, -months);
}

// ISO weeks (Monday to Sunday; week 1 holds 4 January, so it may begin in December) on calendar
// dates, `YYYY-MM-DD`, counted as UTC days.
const DAY_MS = 86_400_000;
const dayOf = (date: string) => Date.parse(`${date}T00:00:00Z`);
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const addDays = (date: string, n: number) => dateOf(dayOf(date) + n * DAY_MS);

/** Monday of ISO week 1 of `year`. */
export function isoWeekOne(year: number): string {
  const jan4 = Date.UTC(year, 0, 4);
  return dateOf(jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS);
}

export function isoWeeksIn(year: number): number {
  return (dayOf(isoWeekOne(year + 1)) - dayOf(isoWeekOne(year))) / (7 * DAY_MS);
}

/** `YYYY-Www` of the week a date falls in (the week's year, which may not be the date's). */
export function isoWeekOf(date: string): string {
  let year = Number(date.slice(0, 4));
  if (date < isoWeekOne(year)) year -= 1;
  else if (date >= isoWeekOne(year + 1)) year += 1;
  const week = Math.floor((dayOf(date) - dayOf(isoWeekOne(year))) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Monday and Sunday of a `YYYY-Www`. */
export function weekBounds(week: string): { first: string; last: string } {
  const [year, n] = week.split('-W').map(Number);
  const first = addDays(isoWeekOne(year), (n - 1) * 7);
  return { first, last: addDays(first, 6) };
}

function isWeek(period: string): boolean {
  const m = WEEK.exec(period);
  return m !== null && Number(m[2]) >= 1 && Number(m[2]) <= isoWeeksIn(Number(m[1]));
}

/** `fyYYYY-Qn` of the quarter a month `YYYY-MM` is in (Q1 April–June … Q4 January–March). */
export function quarterOf(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return `fy${m >= 4 ? y : y - 1}-Q${Math.floor(((m + 8) % 12) / 3) + 1}`;
}

/** The kind of a period in words: `month`, `quarter`, `week` or (fyYYYY) `financial year`. */
export function periodKindWord(period: string): string {
  if (WEEK.test(period)) return 'week';
  if (QUARTER.test(period)) return 'quarter';
  if (FY.test(period)) return 'financial year';
  return 'month';
}

/** The pack's name for its period: monthly, quarterly, weekly or annual (a financial year). */
export function packName(period: string): string {
  const names: Record<string, string> = { week: 'Weekly', quarter: 'Quarterly', 'financial year': 'Annual', month: 'Monthly' };
  return `${names[periodKindWord(period)]} pack`;
}

/**
 * The period whose history the charts ask for: a financial year is charted by its months, so the
 * history is asked of its last counted month (the API's history of a year is years).
 */
export function historyPeriod(period: string, now: Date): string {
  const fy = FY.exec(period);
  if (!fy) return period;
  const lastMonth = `${Number(fy[1]) + 1}-03`;
  const thisMonth = londonMonth(now);
  return thisMonth < lastMonth ? thisMonth : lastMonth;
}

/** What a history of this period steps by: weeks, quarters, or months (also for a financial year, charted by its months). */
export function historyStep(period: string): { one: string; many: string } {
  if (WEEK.test(period)) return { one: 'week', many: 'weeks' };
  if (QUARTER.test(period)) return { one: 'quarter', many: 'quarters' };
  return { one: 'month', many: 'months' };
}

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LONG_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const fyText = (year: number) => `${year}–${String((year + 1) % 100).padStart(2, '0')}`;
/** `2026-12-07` → "7 Dec 2026" (or "7 Dec" without the year). */
const dayText = (date: string, withYear = true) =>
  `${Number(date.slice(8))} ${MONTH_NAMES[Number(date.slice(5, 7)) - 1]}${withYear ? ` ${date.slice(0, 4)}` : ''}`;

/** "7 to 13 Dec 2026", "26 Oct to 1 Nov 2026", "28 Dec 2026 to 3 Jan 2027". */
function daysText(first: string, last: string): string {
  const sameYear = first.slice(0, 4) === last.slice(0, 4);
  const from = first.slice(0, 7) === last.slice(0, 7) ? String(Number(first.slice(8))) : dayText(first, !sameYear);
  return `${from} to ${dayText(last)}`;
}

/**
 * `2026-11` → "Nov 2026", `fy2026` → "2026–27", `fy2026-Q3` → "Q3 2026–27", `2026-W50` →
 * "Week of 7 Dec 2026", current → "This month so far"; `long` names months, the year, a
 * quarter's months and a week's days in full.
 */
export function periodLabel(period: string, long = false): string {
  if (period === 'current') return 'This month so far';
  const m = MONTH.exec(period);
  if (m) return `${(long ? LONG_MONTHS : MONTH_NAMES)[Number(m[2]) - 1]} ${m[1]}`;
  const fy = FY.exec(period);
  if (fy) return `${long ? 'Financial year ' : ''}${fyText(Number(fy[1]))}`;
  const q = QUARTER.exec(period);
  if (q) {
    const short = `Q${q[2]} ${fyText(Number(q[1]))}`;
    if (!long) return short;
    const start = 3 + (Number(q[2]) - 1) * 3; // April = 3
    const year = Number(q[1]) + (start >= 12 ? 1 : 0);
    return `${short} (${LONG_MONTHS[start % 12]} to ${LONG_MONTHS[(start + 2) % 12]} ${year})`;
  }
  if (isWeek(period)) {
    const { first, last } = weekBounds(period);
    return long ? `Week ${Number(period.slice(6))} of ${period.slice(0, 4)} (${daysText(first, last)})` : `Week of ${dayText(first)}`;
  }
  return period;
}

/**
 * The picker's choices: this month, this and last week, this and last quarter, the 24 months
 * before this one, this and the two financial years before; and the period shown (`selected`)
 * when it is none of those, so the picker never names another.
 */
export function periodOptions(now: Date, selected?: string): { value: string; text: string }[] {
  const month = londonMonth(now);
  const [y, m] = month.split('-').map(Number);
  const fyStart = m >= 4 ? y : y - 1;
  const week = isoWeekOf(londonToday(now));
  const lastWeek = previousPeriod(week, 1);
  const quarter = quarterOf(month);
  const lastQuarter = previousPeriod(quarter, 1);
  const weekText = (w: string) => `week ${Number(w.slice(6))}, ${daysText(weekBounds(w).first, weekBounds(w).last)}`;
  const quarterText = (q: string) => periodLabel(q, true).replace(' (', ', ').replace(/\)$/, '');
  const options = [
    { value: 'current', text: `This month so far (${periodLabel(month)})` },
    { value: week, text: `This week so far (${weekText(week)})` },
    { value: lastWeek, text: `Last week (${weekText(lastWeek)})` },
    { value: quarter, text: `This quarter so far (${quarterText(quarter)})` },
    { value: lastQuarter, text: `Last quarter (${quarterText(lastQuarter)})` },
  ];
  for (let i = 1; i <= 24; i++) options.push({ value: addMonths(month, -i), text: periodLabel(addMonths(month, -i)) });
  for (let i = 0; i < 3; i++) {
    const fy = `fy${fyStart - i}`;
    options.push({ value: fy, text: `Financial year ${periodLabel(fy)}${i === 0 ? ' to date' : ''}` });
  }
  if (selected && selected !== 'current' && !options.some((o) => o.value === selected))
    options.splice(1, 0, { value: selected, text: periodLabel(selected, true) });
  return options;
}

export function scopeLabel(scope: string): string {
  if (scope === 'la') return 'Whole local authority';
  const [kind, id] = scope.split(':');
  return `${kind === 'team' ? 'Team' : 'Worker'} ${id}`;
}

/** A London date for people: 2026-10-13T23:59:59+01:00 → "13 Oct 2026". */
export function londonDate(iso: string | undefined | null): string {
  if (!iso) return '';
  const d = new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'short', year: 'numeric' }).format(d);
}

export function londonDateTime(iso: string | undefined | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(d);
}
