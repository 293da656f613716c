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

/** Green at or better than target, amber within the tolerance, red beyond (by polarity). */
export function ragOf(value: number | null, polarity: Polarity, target?: { target: number; amberTolerance: number }): Rag | null {
  if (!target || value === null || (polarity !== 'high' && polarity !== 'low')) return null;
  const shortfall = polarity === 'high' ? target.target - value : value - target.target;
  if (shortfall <= 0) return 'green';
  return shortfall <= target.amberTolerance ? 'amber' : 'red';
}
