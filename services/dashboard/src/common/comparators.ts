import type { MetricValue } from '@casewatch/contracts';
import { formatNumber } from './format';
import { periodLabel } from './periods';

/** One comparator as a table shows it: "70.0" (the unit is the row's) of "2024–25". */
export interface ComparatorCell {
  name: string;
  value: string;
  period: string;
}

export function comparatorCells(v: MetricValue): ComparatorCell[] {
  return (v.comparators ?? []).map((c) => ({ name: c.name, value: formatNumber(c.value, v.unit), period: periodLabel(c.period) }));
}

/**
 * A tile's line, short: "England 70.0% (2025–26) · Statistical neighbours 92.4% (2025–26)"; a
 * percentage keeps its sign, other units are read from the figure above it. '' without any.
 */
export function comparatorsText(v: MetricValue): string {
  const sign = v.unit === 'percent' ? '%' : '';
  return comparatorCells(v)
    .map((c) => `${c.name} ${c.value}${sign} (${c.period})`)
    .join(' · ');
}

/** The comparator names across the figures, in the order first met: the pack's columns. */
export function comparatorNames(values: readonly MetricValue[]): string[] {
  const names: string[] = [];
  for (const v of values) for (const c of v.comparators ?? []) if (!names.includes(c.name)) names.push(c.name);
  return names;
}
