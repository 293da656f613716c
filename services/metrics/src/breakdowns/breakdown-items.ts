// A breakdown's items from its groups (pure): values and shares in the metric's unit, ranks, labels.
import type { MetricUnit } from '@casewatch/contracts';
import { type Dimension, labelOf } from '../catalogue/breakdown-dimensions';
import { percent, round1 } from '../figures/metric-arithmetic';

export interface BreakdownItem {
  key: string;
  label: string;
  value: number | null;
  share?: number | null;
  numerator?: number;
  denominator?: number;
  rank: number;
}

/** Counted items under one key: `numerator` counted, `denominator` all (the same for a count). */
export interface KeyCount {
  key: string;
  numerator: number;
  denominator: number;
}

/**
 * For a count, each key's count with its share of the metric's value (`total`); for a percentage,
 * each key's own percentage. Keys with nothing in them are left out; best rank first.
 */
export function breakdownItems(unit: MetricUnit, counts: readonly KeyCount[], total: number, dimension: Dimension): BreakdownItem[] {
  const merged = new Map<string, KeyCount>();
  for (const c of counts) {
    const m = merged.get(c.key);
    if (m) {
      m.numerator += c.numerator;
      m.denominator += c.denominator;
    } else merged.set(c.key, { ...c });
  }
  const items: Omit<BreakdownItem, 'rank'>[] = [];
  for (const { key, numerator, denominator } of merged.values()) {
    const label = labelOf(dimension, key);
    if (unit === 'percent') {
      if (denominator > 0) items.push({ key, label, value: percent(numerator, denominator), numerator, denominator });
    } else if (numerator > 0) {
      items.push({ key, label, value: numerator, share: total > 0 ? round1((100 * numerator) / total) : null, numerator, denominator: total });
    }
  }
  return ranked(items);
}

/** Rank 1 for the highest value; ties share the better rank (1, 2, 2, 4); no value ranks last. Ordered by rank, then key. */
export function ranked<T extends { key: string; value: number | null }>(items: readonly T[]): (T & { rank: number })[] {
  const order = (v: number | null) => (v === null ? -Infinity : v);
  const sorted = [...items].sort((a, b) => order(b.value) - order(a.value) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const out: (T & { rank: number })[] = [];
  sorted.forEach((item, i) => {
    const previous = out[i - 1];
    out.push({ ...item, rank: previous && order(previous.value) === order(item.value) ? previous.rank : i + 1 });
  });
  return out;
}
