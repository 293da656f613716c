import type { Direction, Polarity, Rag, Trend } from '@casewatch/contracts';

/** One decimal, half away from zero (metrics.md). */
export function round1(x: number): number {
  return (Math.sign(x) * Math.round(Math.abs(x) * 10)) / 10;
}

export function percent(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : round1((100 * numerator) / denominator);
}

export function per10k(count: number, population: number): number | null {
  return population > 0 ? round1((10_000 * count) / population) : null;
}

export function directionOf(value: number | null, previous: number | null): Direction {
  if (value === null || previous === null || value === previous) return 'same';
  return value > previous ? 'up' : 'down';
}

export function trendOf(direction: Direction, polarity: Polarity): Trend {
  if (direction === 'same' || polarity === 'info' || polarity === 'range') return 'neutral';
  return (direction === 'up') === (polarity === 'high') ? 'better' : 'worse';
}

/**
 * Green at or better than target, amber within the tolerance, red beyond (by polarity). A `range`
 * figure (a band, e.g. caseloads) is green within the tolerance of the target either way, amber
 * within twice it, red beyond: a target set for it is never shown as no RAG.
 */
export function ragOf(value: number | null, polarity: Polarity, target?: { target: number; amberTolerance: number }): Rag | null {
  if (!target || value === null || polarity === 'info') return null;
  if (polarity === 'range') {
    const off = Math.abs(value - target.target);
    return off <= target.amberTolerance ? 'green' : off <= 2 * target.amberTolerance ? 'amber' : 'red';
  }
  const shortfall = polarity === 'high' ? target.target - value : value - target.target;
  if (shortfall <= 0) return 'green';
  return shortfall <= target.amberTolerance ? 'amber' : 'red';
}
