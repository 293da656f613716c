import { addDays, dayOfWeek, daysBetween, financialYearBounds, financialYearOf, londonDateOf, monthBounds } from '@casewatch/timescales';

/** A calendar month, a quarter of a financial year, a financial year or an ISO week. */
export type PeriodKind = 'month' | 'quarter' | 'year' | 'week';

export interface ResolvedPeriod {
  /** `YYYY-MM`, `fyYYYY`, `fyYYYY-Qn` or `YYYY-Www`, as MetricValue.period. */
  label: string;
  kind: PeriodKind;
  first: string;
  /** Last London date counted: the period's end, or today while it runs. */
  last: string;
  /** Last date of the whole period (for the reporting cut-off). */
  end: string;
  running: boolean;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const FY = /^fy(\d{4})$/;
const QUARTER = /^fy(\d{4})-Q([1-4])$/;
const WEEK = /^(\d{4})-W(\d{2})$/;

const year4 = (y: number) => String(y).padStart(4, '0');
const month2 = (m: number) => String(m).padStart(2, '0');

/** Monday of ISO week 1 of `year`: the week with 4 January in it (so it may begin in December). */
export function isoWeekOne(year: number): string {
  const jan4 = `${year4(year)}-01-04`;
  return addDays(jan4, -((dayOfWeek(jan4) + 6) % 7));
}

/** 52, or 53 for a year whose 1 January is a Thursday (or a Wednesday in a leap year). */
export function isoWeeksIn(year: number): number {
  return daysBetween(isoWeekOne(year), isoWeekOne(year + 1)) / 7;
}

/** `YYYY-Www` of the ISO week (Monday to Sunday) a date falls in; its year is the week's, not the date's. */
export function isoWeekOf(date: string): string {
  let year = Number(date.slice(0, 4));
  if (date < isoWeekOne(year)) year -= 1;
  else if (date >= isoWeekOne(year + 1)) year += 1;
  const week = Math.floor(daysBetween(isoWeekOne(year), date) / 7) + 1;
  return `${year4(year)}-W${month2(week)}`;
}

/** `fyYYYY-Qn` of the quarter a date falls in: Q1 April–June … Q4 January–March of YYYY+1. */
export function quarterOf(date: string): string {
  const month = Number(date.slice(5, 7));
  return `fy${financialYearOf(date)}-Q${Math.floor(((month + 8) % 12) / 3) + 1}`;
}

/** First and last date of a label of any kind; undefined when it names no period. */
function boundsOf(label: string): { kind: PeriodKind; first: string; end: string } | undefined {
  if (MONTH.test(label)) {
    const { first, last } = monthBounds(label);
    return { kind: 'month', first, end: last };
  }
  const fy = FY.exec(label);
  if (fy) {
    const { first, last } = financialYearBounds(Number(fy[1]));
    return { kind: 'year', first, end: last };
  }
  const quarter = QUARTER.exec(label);
  if (quarter) {
    // Q1 starts in April (month 4), Q4 in January of the next calendar year (month 13).
    const start = 4 + (Number(quarter[2]) - 1) * 3;
    const year = Number(quarter[1]) + (start > 12 ? 1 : 0);
    const month = ((start - 1) % 12) + 1;
    return {
      kind: 'quarter',
      first: monthBounds(`${year4(year)}-${month2(month)}`).first,
      end: monthBounds(`${year4(year)}-${month2(month + 2)}`).last,
    };
  }
  const week = WEEK.exec(label);
  if (week) {
    const [year, n] = [Number(week[1]), Number(week[2])];
    if (n < 1 || n > isoWeeksIn(year)) return undefined;
    const first = addDays(isoWeekOne(year), (n - 1) * 7);
    return { kind: 'week', first, end: addDays(first, 6) };
  }
  return undefined;
}

/**
 * `current` (this month), `YYYY-MM`, `fyYYYY`, `fyYYYY-Qn` or `YYYY-Www`; a running period is
 * counted to date. Undefined when malformed (`fy2026-Q5`, `2026-W00`, week 53 of a 52-week year)
 * or not begun.
 */
export function resolvePeriod(period: string, now: number): ResolvedPeriod | undefined {
  const today = londonDateOf(now);
  const label = period === 'current' ? today.slice(0, 7) : period;
  const bounds = boundsOf(label);
  if (!bounds || bounds.first > today) return undefined;
  const { kind, first, end } = bounds;
  const running = end >= today;
  return { label, kind, first, end, last: running ? today : end, running };
}

/** The label of the period of this kind that holds `date`. */
function periodOf(kind: PeriodKind, date: string): string {
  if (kind === 'month') return date.slice(0, 7);
  if (kind === 'year') return `fy${financialYearOf(date)}`;
  if (kind === 'quarter') return quarterOf(date);
  return isoWeekOf(date);
}

/** The period of the same kind just before (previous month, quarter, financial year or week). */
export function previousPeriod(p: ResolvedPeriod, now: number): ResolvedPeriod {
  return resolvePeriod(periodOf(p.kind, addDays(p.first, -1)), now) as ResolvedPeriod;
}

/**
 * `history=N`: the last N periods of the same kind ending with this one, oldest first: weeks,
 * months, quarters or financial years (metrics.md). Periods before any data count as empty.
 */
export function periodHistory(p: ResolvedPeriod, count: number, now: number): ResolvedPeriod[] {
  let period = p;
  const out: ResolvedPeriod[] = [period];
  while (out.length < count) {
    period = previousPeriod(period, now);
    out.unshift(period);
  }
  return out;
}
