// A small seeded PRNG (mulberry32) and the draws the journeys need. No dependency: the output
// must be byte-identical for the same inputs on every machine and Node version.

/** Mixes two integers into a 32-bit seed (murmur3's finaliser), so child n's stream is independent. */
export function mixSeed(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A weighted choice table: values and their (not necessarily normalised) weights. */
export type Weighted<T> = readonly (readonly [T, number])[];

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). mulberry32 (Tommy Ettinger), period 2^32: plenty for one child's journey. */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** An integer in [min, max] leaning towards the middle (mean of two uniforms). */
  mid(min: number, max: number): number {
    return min + Math.floor(((this.next() + this.next()) / 2) * (max - min + 1));
  }

  /** Exponentially distributed with this mean (for waiting times between independent happenings). */
  exp(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.next() * values.length)];
  }

  weighted<T>(table: Weighted<T>): T {
    let total = 0;
    for (const [, w] of table) total += w;
    let r = this.next() * total;
    for (const [value, w] of table) {
      r -= w;
      if (r < 0) return value;
    }
    return table[table.length - 1][0];
  }
}
