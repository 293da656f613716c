import { periodEndDate, type Comparator, type MetricValueComparator } from '@casewatch/contracts';

/**
 * `MetricValue.comparators` (metrics.md "Comparators"): for each name, the comparator with the
 * latest period ending on or before `periodEnd` (the last date of the figure's period), so a
 * May 2026 figure sits beside England's fy2025, not fy2026 which ends after it. Names in the order
 * the settings first list them; of two periods ending the same day (fy2025 and 2026-03), the one
 * listed later. Undefined when the tenant has no comparators for the metric, so the field is left
 * out (and figures without comparators stay as they were on the topic).
 */
export function comparatorsFor(list: readonly Comparator[] | undefined, periodEnd: string): MetricValueComparator[] | undefined {
  if (!list || list.length === 0) return undefined;
  const best = new Map<string, { end: string; c: Comparator }>();
  const order: string[] = [];
  for (const c of list) {
    if (!order.includes(c.name)) order.push(c.name);
    const end = periodEndDate(c.period);
    if (end === undefined || end > periodEnd) continue;
    const had = best.get(c.name);
    if (!had || end >= had.end) best.set(c.name, { end, c });
  }
  return order.flatMap((name) => {
    const hit = best.get(name);
    return hit ? [{ name, period: hit.c.period, value: hit.c.value }] : [];
  });
}
