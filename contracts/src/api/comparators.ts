import { Type, type Static } from '@sinclair/typebox';

// Comparators (metrics.md "Comparators"): England's, the statistical neighbours' or the region's
// figure for a period, kept in the tenant settings and shown beside the tenant's own.

const YEAR = '(199[0-9]|20[0-9]{2})';

/** A period as metrics.md defines them: a month, a financial year, one of its quarters, an ISO week. */
export const ComparatorPeriod = Type.String({
  pattern: `^(${YEAR}-(0[1-9]|1[0-2])|fy${YEAR}(-Q[1-4])?|${YEAR}-W(0[1-9]|[1-4][0-9]|5[0-3]))$`,
  description: 'a period YYYY-MM, fyYYYY, fyYYYY-Qn or YYYY-Www (years 1990–2099)',
});

const ComparatorName = Type.String({
  minLength: 1,
  maxLength: 80,
  pattern: '^\\S(.*\\S)?$',
  description: 'a name such as England or Statistical neighbours (1–80 characters, no space at either end)',
});

/** One comparator of a metric in the tenant settings. */
export const Comparator = Type.Object(
  {
    name: ComparatorName,
    period: ComparatorPeriod,
    value: Type.Number(),
    // Where the figure was published, with its year: "DfE CLA 2024".
    source: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'a source of 1–200 characters, e.g. DfE CLA 2024' })),
  },
  { additionalProperties: false },
);
export type Comparator = Static<typeof Comparator>;

export const MAX_COMPARATORS_PER_METRIC = 1000;

/** A metric's comparators, keyed by metric id in the tenant settings. */
export const MetricComparators = Type.Array(Comparator, { maxItems: MAX_COMPARATORS_PER_METRIC });

/** One comparator as `MetricValue.comparators` gives it: the latest for its name up to the figure's period. */
export const MetricValueComparator = Type.Object({ name: ComparatorName, period: ComparatorPeriod, value: Type.Number() }, { additionalProperties: false });
export type MetricValueComparator = Static<typeof MetricValueComparator>;

const MONTH = /^(\d{4})-(\d{2})$/;
const FY = /^fy(\d{4})(?:-Q([1-4]))?$/;
const WEEK = /^(\d{4})-W(\d{2})$/;

/** `YYYY-MM-DD` of a UTC calendar day. */
function ymd(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Monday of ISO week 1: the week holding 4 January. */
function isoWeekOneMonday(year: number): number {
  const jan4 = Date.UTC(year, 0, 4);
  const weekday = (new Date(jan4).getUTCDay() + 6) % 7; // Monday 0
  return jan4 - weekday * 86_400_000;
}

/**
 * The last date of a period (`2026-05` → 2026-05-31, `fy2025` → 2026-03-31, `fy2025-Q1` →
 * 2025-06-30, `2026-W01` → 2026-01-04), or undefined when it is not one (`2026-13`, `2025-W53`).
 */
export function periodEndDate(period: string): string | undefined {
  const month = MONTH.exec(period);
  if (month) {
    const m = Number(month[2]);
    return m >= 1 && m <= 12 ? ymd(Date.UTC(Number(month[1]), m, 0)) : undefined;
  }
  const fy = FY.exec(period);
  if (fy) {
    const year = Number(fy[1]);
    // Q1 ends in June, Q2 September, Q3 December, Q4 (and the year) in March of the next year.
    const quarter = fy[2] ? Number(fy[2]) : 4;
    return ymd(Date.UTC(year, 3 + 3 * quarter, 0));
  }
  const week = WEEK.exec(period);
  if (week) {
    const year = Number(week[1]);
    const n = Number(week[2]);
    const sunday = isoWeekOneMonday(year) + ((n - 1) * 7 + 6) * 86_400_000;
    // Week 53 exists only where the year's last Thursday falls in it.
    return n >= 1 && sunday < isoWeekOneMonday(year + 1) ? ymd(sunday) : undefined;
  }
  return undefined;
}
