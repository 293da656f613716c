import { Rng, mixSeed } from './prng';

describe('Rng (mulberry32)', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const first = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(first);
  });

  it('draws in range and roughly uniformly', () => {
    const rng = new Rng(mixSeed(1, 2));
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 40_000; i++) {
      const x = rng.next();
      expect(x >= 0 && x < 1).toBe(true);
      counts[rng.int(0, 3)]++;
    }
    for (const n of counts) expect(n).toBeGreaterThan(9_500);
    for (const n of counts) expect(n).toBeLessThan(10_500);
  });

  it('picks from weighted tables in proportion', () => {
    const rng = new Rng(7);
    let heads = 0;
    for (let i = 0; i < 10_000; i++)
      if (
        rng.weighted([
          ['h', 3],
          ['t', 1],
        ] as const) === 'h'
      )
        heads++;
    expect(heads / 10_000).toBeCloseTo(0.75, 1);
  });

  it('gives every child its own stream', () => {
    expect(mixSeed(1, 1)).not.toBe(mixSeed(1, 2));
    expect(mixSeed(1, 2)).not.toBe(mixSeed(2, 1));
  });
});
