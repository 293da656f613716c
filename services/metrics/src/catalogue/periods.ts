import { addDays, financialYearBounds, londonDateOf, monthBounds } from '@casewatch/timescales';

export interface ResolvedPeriod {
  /** `YYYY-MM` or `fyYYYY`, as MetricValue.period. */
  label: string;
  first: string;
  /** Last London date counted: the period's end, or today while it runs. */
  last: string;
  /** Last date of the whole period (for the reporting cut-off). */
  end: string;
  running: boolean;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const FY = /^fy(\d{4})$/;

/** `current`, `YYYY-MM` or `fyYYYY` (year to date while running); undefined when malformed. */
export function resolvePeriod(period: string, now: number): ResolvedPeriod | undefined {
  const today = londonDateOf(now);
  const label = period === 'current' ? today.slice(0, 7) : period;
  let first: string;
  let end: string;
  if (MONTH.test(label)) ({ first, last: end } = monthBounds(label));
  else if (FY.test(label)) ({ first, last: end } = financialYearBounds(Number(FY.exec(label)?.[1])));
  else return undefined;
  if (first > today) return undefined;
  const running = end >= today;
  return { label, first, end, last: running ? today : end, running };
}

/** The period of the same length just before (previous month, previous financial year). */
export function previousPeriod(p: ResolvedPeriod, now: number): ResolvedPeriod {
  if (p.label.startsWith('fy')) return resolvePeriod(`fy${Number(p.label.slice(2)) - 1}`, now) as ResolvedPeriod;
  const prior = addDays(p.first, -1).slice(0, 7);
  return resolvePeriod(prior, now) as ResolvedPeriod;
}

/** The last 12 monthly periods ending with this one's month. */
export function monthlyHistory(p: ResolvedPeriod, count: number, now: number): ResolvedPeriod[] {
  const out: ResolvedPeriod[] = [];
  let month = p.label.startsWith('fy') ? p.last.slice(0, 7) : p.label;
  for (let i = 0; i < count; i++) {
    out.unshift(resolvePeriod(month, now) as ResolvedPeriod);
    month = addDays(`${month}-01`, -1).slice(0, 7);
  }
  return out;
}
