import type { BreakdownItem, MetricBreakdown, MetricUnit } from '@casewatch/contracts';
import { formatValue } from '../common/format';
import { periodLabel } from '../common/periods';
import { dimensionTitle } from './breakdown-dimensions';

/** One year's figure for a key: the text carries the number; the bar only repeats it. */
export interface BreakdownCell {
  text: string;
  /** The API's number, '' when the key is absent that year or its value null (data-value). */
  dataValue: string;
  /** The bar's width, 0–100 (decorative: aria-hidden). */
  bar: number;
}

export interface BreakdownRow {
  key: string;
  label: string;
  /** This year's rank ('' for a key only last year had). */
  rank: string;
  thisYear: BreakdownCell;
  lastYear: BreakdownCell;
}

export interface BreakdownView {
  by: string;
  title: string;
  options: { value: string; text: string }[];
  thisYearText: string;
  lastYearText: string;
  rows: BreakdownRow[];
  /** Why there are no rows ('' when there are). */
  empty: string;
  sharesNote: string;
}

export interface BreakdownInput {
  unit: MetricUnit;
  by: string;
  dimensions: readonly string[];
  years: { thisYear: string; lastYear: string };
  thisYear: MetricBreakdown | undefined;
  lastYear: MetricBreakdown | undefined;
}

/** The financial year of a London month: `2026-12` → `fy2026`, `2027-02` → `fy2026`. */
export function financialYears(month: string): { thisYear: string; lastYear: string } {
  const [y, m] = month.split('-').map(Number);
  const start = m >= 4 ? y : y - 1;
  return { thisYear: `fy${start}`, lastYear: `fy${start - 1}` };
}

/**
 * The metric's breakdown by `by`: this financial year so far beside last year, the same keys
 * side by side, ordered by this year's rank (keys only last year had come after, by last year's
 * rank). Bars of a count share one scale across both years; percentages are drawn out of 100.
 * A year the API did not answer is `undefined` (its cells say so).
 */
export function breakdownView(input: BreakdownInput): BreakdownView {
  const { unit, by } = input;
  const now = new Map((input.thisYear?.items ?? []).map((i) => [i.key, i]));
  const before = new Map((input.lastYear?.items ?? []).map((i) => [i.key, i]));
  const byRank = (a: BreakdownItem, b: BreakdownItem) => a.rank - b.rank || a.label.localeCompare(b.label);
  const keys = [
    ...[...now.values()].sort(byRank).map((i) => i.key),
    ...[...before.values()]
      .filter((i) => !now.has(i.key))
      .sort(byRank)
      .map((i) => i.key),
  ];
  const values = [...now.values(), ...before.values()].map((i) => i.value ?? 0);
  const scale = unit === 'percent' ? 100 : Math.max(0, ...values);
  const cell = (answered: boolean, item: BreakdownItem | undefined): BreakdownCell => {
    if (!answered) return { text: 'Not available', dataValue: '', bar: 0 };
    if (!item) return { text: 'None', dataValue: '', bar: 0 };
    const bar = item.value === null || scale <= 0 ? 0 : Math.round((1000 * Math.min(item.value, scale)) / scale) / 10;
    return { text: itemText(item, unit), dataValue: item.value === null ? '' : String(item.value), bar };
  };
  const rows = keys.map((key) => {
    const a = now.get(key);
    const b = before.get(key);
    return {
      key,
      label: (a ?? b)?.label ?? key,
      rank: a ? String(a.rank) : '',
      thisYear: cell(input.thisYear !== undefined, a),
      lastYear: cell(input.lastYear !== undefined, b),
    };
  });
  const title = dimensionTitle(by);
  return {
    by,
    title,
    options: input.dimensions.map((d) => ({ value: d, text: dimensionTitle(d) })),
    thisYearText: `${periodLabel(input.years.thisYear, true)} so far`,
    lastYearText: periodLabel(input.years.lastYear, true),
    rows,
    empty:
      input.thisYear === undefined && input.lastYear === undefined
        ? 'The breakdown is not available just now. The figures above are not affected.'
        : rows.length === 0
          ? 'Nothing counted in either year.'
          : '',
    sharesNote:
      unit === 'percent'
        ? `Each row is the percentage among the children of that ${title.toLowerCase()}.`
        : by === 'factor'
          ? 'A child can have several factors, so the shares can add up to more than 100%.'
          : 'The share is of the year’s whole figure.',
  };
}

/** "123 (45.6%)" for a count with its share; "45.6% (12 of 30)" for a percentage with its fraction. */
export function itemText(item: BreakdownItem, unit: MetricUnit): string {
  const value = formatValue(item.value, unit);
  if (item.value === null) return value;
  if (unit === 'count' && item.share !== undefined && item.share !== null) return `${value} (${formatValue(item.share, 'percent')})`;
  if (unit === 'percent' && item.numerator !== undefined && item.denominator !== undefined)
    return `${value} (${formatValue(item.numerator, 'count')} of ${formatValue(item.denominator, 'count')})`;
  return value;
}
