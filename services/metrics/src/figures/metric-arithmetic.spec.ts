import { directionOf, per10k, percent, ragOf, round1, trendOf } from './metric-arithmetic';

describe('metric arithmetic (metrics.md conventions)', () => {
  it('rounds to one decimal, half away from zero', () => {
    expect(round1(66.65)).toBe(66.7);
    expect(round1(0.05)).toBe(0.1);
    expect(round1(-0.05)).toBe(-0.1);
    expect(percent(2, 3)).toBe(66.7);
  });

  it('gives null, not 0, for an empty denominator or population', () => {
    expect(percent(0, 0)).toBeNull();
    expect(per10k(604, 0)).toBeNull();
    expect(per10k(604, 90_000)).toBe(67.1);
  });

  it('colours direction by polarity', () => {
    expect(directionOf(5, 4)).toBe('up');
    expect(directionOf(null, 4)).toBe('same');
    expect(trendOf('up', 'high')).toBe('better');
    expect(trendOf('up', 'low')).toBe('worse');
    expect(trendOf('down', 'low')).toBe('better');
    expect(trendOf('down', 'info')).toBe('neutral');
  });

  it('rates against the target with the amber tolerance', () => {
    const t = { target: 90, amberTolerance: 5 };
    expect(ragOf(90, 'high', t)).toBe('green');
    expect(ragOf(85, 'high', t)).toBe('amber');
    expect(ragOf(84.9, 'high', t)).toBe('red');
    expect(ragOf(12, 'low', { target: 10, amberTolerance: 2 })).toBe('amber');
    expect(ragOf(50, 'info', t)).toBeNull();
    const band = { target: 17, amberTolerance: 3 };
    expect([14, 20, 21, 23.5, 7.4].map((v) => ragOf(v, 'range', band))).toEqual(['green', 'green', 'amber', 'red', 'red']);
    expect(ragOf(50, 'high', undefined)).toBeNull();
    expect(ragOf(null, 'high', t)).toBeNull();
  });
});
