import type { Polarity, Quartile, RegionItem } from '@casewatch/contracts';

/** One sharing tenant's figure, before ranking. */
export interface TenantFigure {
  tenant: string;
  name: string;
  value: number | null;
}

export interface RegionRanking {
  mean: number | null;
  median: number | null;
  /** QUARTILE.INC's points 1–3, low to high. */
  quartilePoints: [number, number, number] | null;
  /** Ranked tenants best first (ties by tenant id), then those without a value. */
  items: RegionItem[];
}

/**
 * Excel's QUARTILE.INC (= PERCENTILE.INC at k/4) over values sorted low to high: the point at
 * (n − 1)·k/4, interpolating linearly between its neighbours.
 */
export function quartileInc(sorted: readonly number[], k: 0 | 1 | 2 | 3 | 4): number {
  if (sorted.length === 0) throw new Error('QUARTILE.INC of no values');
  const h = ((sorted.length - 1) * k) / 4;
  const lower = Math.floor(h);
  const upper = Math.min(lower + 1, sorted.length - 1);
  // Values carry at most one decimal: six places drop the float noise, never a real digit.
  return Number((sorted[lower] + (h - lower) * (sorted[upper] - sorted[lower])).toFixed(6));
}

/** Whether a metric's values can be called better or worse across councils (info and range cannot). */
function judged(polarity: Polarity): polarity is 'high' | 'low' {
  return polarity === 'high' || polarity === 'low';
}

/** Whether `a` is at least as good as `b` by polarity (`info` and `range`: higher first). */
function atLeastAsGood(a: number, b: number, polarity: Polarity): boolean {
  return polarity === 'low' ? a <= b : a >= b;
}

/**
 * Quartile band by polarity: A at or better than the best point (Q3 for `high`, Q1 for `low`),
 * B at or better than the median, C at or better than the worst point, D beyond.
 */
export function quartileOf(value: number, points: readonly [number, number, number], polarity: Polarity): Quartile | null {
  if (!judged(polarity)) return null;
  const [best, middle, worst] = polarity === 'high' ? [points[2], points[1], points[0]] : points;
  if (atLeastAsGood(value, best, polarity)) return 'A';
  if (atLeastAsGood(value, middle, polarity)) return 'B';
  if (atLeastAsGood(value, worst, polarity)) return 'C';
  return 'D';
}

/**
 * Ranks (1 is best by polarity; `info` and `range` highest first; ties share the better rank:
 * 1, 2, 2, 4), the unweighted mean (one decimal), the median and the quartile bands. A tenant
 * without a value (nothing to divide by) is listed last, unranked, and counts in none of them.
 */
export function rankRegion(figures: readonly TenantFigure[], polarity: Polarity): RegionRanking {
  const valued = figures.filter((f): f is TenantFigure & { value: number } => f.value !== null);
  const unvalued = figures.filter((f) => f.value === null).sort((a, b) => compareIds(a.tenant, b.tenant));
  if (valued.length === 0) {
    return { mean: null, median: null, quartilePoints: null, items: unvalued.map(unranked) };
  }
  const ascending = valued.map((f) => f.value).sort((a, b) => a - b);
  const points: [number, number, number] = [quartileInc(ascending, 1), quartileInc(ascending, 2), quartileInc(ascending, 3)];
  const better = (a: number, b: number) => (polarity === 'low' ? a - b : b - a);
  const ordered = [...valued].sort((a, b) => better(a.value, b.value) || compareIds(a.tenant, b.tenant));
  const items: RegionItem[] = [];
  ordered.forEach((f, i) => {
    const tied = i > 0 && ordered[i - 1].value === f.value;
    const rank = tied ? (items[i - 1].rank as number) : i + 1;
    items.push({ tenant: f.tenant, name: f.name, value: f.value, rank, quartile: quartileOf(f.value, points, polarity) });
  });
  // Summed in tenths (every value carries at most one decimal), so a mean of exactly x.x5 rounds up as it should.
  const tenths = ascending.reduce((sum, v) => sum + Math.round(v * 10), 0) / ascending.length;
  const mean = (Math.sign(tenths) * Math.round(Math.abs(tenths))) / 10 || 0;
  return {
    mean,
    median: points[1],
    quartilePoints: points,
    items: [...items, ...unvalued.map(unranked)],
  };
}

function unranked(f: TenantFigure): RegionItem {
  return { tenant: f.tenant, name: f.name, value: null, rank: null, quartile: null };
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
