import { addDays, londonDateOf } from '@casewatch/timescales';
import { resolvePeriod, type ResolvedPeriod } from '../catalogue/periods';

/** `fyYYYY` of the financial year (1 April to 31 March) a `YYYY-MM-DD` date falls in. */
export function financialYearOf(date: string): string {
  const year = Number(date.slice(0, 4));
  return `fy${Number(date.slice(5, 7)) >= 4 ? year : year - 1}`;
}

/**
 * The periods csc.metrics.v1 carries: the running month and the `months - 1` before it, and every
 * financial year that overlaps them, oldest first within each kind.
 */
export function topicPeriods(now: number, months: number): ResolvedPeriod[] {
  const labels: string[] = [];
  let month = londonDateOf(now).slice(0, 7);
  for (let i = 0; i < Math.max(1, months); i++) {
    labels.unshift(month);
    month = addDays(`${month}-01`, -1).slice(0, 7);
  }
  const first = Number(financialYearOf(`${labels[0]}-01`).slice(2));
  const last = Number(financialYearOf(londonDateOf(now)).slice(2));
  for (let year = first; year <= last; year++) labels.push(`fy${year}`);
  return labels.map((label) => resolvePeriod(label, now) as ResolvedPeriod);
}

/** Of these periods, those a change to events dated `date` can move (snapshots count everything before). */
export function periodsFrom(periods: readonly ResolvedPeriod[], date: string): ResolvedPeriod[] {
  return periods.filter((p) => p.end >= date);
}
