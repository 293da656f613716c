/**
 * Periods, scopes and "as known at" as the pages take them from the query string (api.md's
 * forms), checked before anything is asked of the APIs so that a bad value is a 400 page.
 */
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const FY = /^fy(\d{4})$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const SCOPE = /^(la|team:[A-Za-z0-9._-]{1,64}|worker:[A-Za-z0-9._-]{1,64})$/;

export class BadQuery extends Error {}

export function checkPeriod(period: string | undefined, allowCurrent = true): string {
  const p = period || 'current';
  if ((allowCurrent && p === 'current') || MONTH.test(p) || FY.test(p)) return p;
  throw new BadQuery(`period must be current, YYYY-MM or fyYYYY, not ${JSON.stringify(p.slice(0, 20))}`);
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

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The same kind of period before: the month before (or the year before for fyYYYY). */
export function previousPeriod(period: string, months: number): string {
  const fy = FY.exec(period);
  if (fy) return `fy${Number(fy[1]) - Math.max(1, Math.round(months / 12))}`;
  return addMonths(period, -months);
}

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LONG_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `2026-11` → "Nov 2026", `fy2026` → "2026–27", current → "This month". */
export function periodLabel(period: string, long = false): string {
  if (period === 'current') return 'This month so far';
  const m = MONTH.exec(period);
  if (m) return `${(long ? LONG_MONTHS : MONTH_NAMES)[Number(m[2]) - 1]} ${m[1]}`;
  const fy = FY.exec(period);
  if (fy) return `${long ? 'Financial year ' : ''}${fy[1]}–${String((Number(fy[1]) + 1) % 100).padStart(2, '0')}`;
  return period;
}

/** The picker's choices: this month, the 24 months before, this and the two financial years before. */
export function periodOptions(now: Date): { value: string; text: string }[] {
  const month = londonMonth(now);
  const [y, m] = month.split('-').map(Number);
  const fyStart = m >= 4 ? y : y - 1;
  const options = [{ value: 'current', text: `This month so far (${periodLabel(month)})` }];
  for (let i = 1; i <= 24; i++) options.push({ value: addMonths(month, -i), text: periodLabel(addMonths(month, -i)) });
  for (let i = 0; i < 3; i++) {
    const fy = `fy${fyStart - i}`;
    options.push({ value: fy, text: `Financial year ${periodLabel(fy)}${i === 0 ? ' to date' : ''}` });
  }
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
