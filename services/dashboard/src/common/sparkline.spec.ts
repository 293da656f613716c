import { lineChart, sparkline } from './sparkline';

const fmt = (n: number) => String(n);

describe('sparkline', () => {
  it('draws oldest to newest left to right, the highest value at the top', () => {
    const s = sparkline(
      [
        { label: 'Jan', value: 0 },
        { label: 'Feb', value: 10 },
        { label: 'Mar', value: 5 },
      ],
      fmt,
      106,
      26,
    );
    expect(s.path).toBe('M3 23 L53 3 L103 13');
    expect(s.last).toEqual({ x: 103, y: 13 });
  });

  it('leaves a gap where a month has no figure', () => {
    const s = sparkline(
      [
        { label: 'a', value: 1 },
        { label: 'b', value: null },
        { label: 'c', value: 2 },
        { label: 'd', value: 3 },
      ],
      fmt,
      66,
      26,
    );
    expect(s.path).toBe('M3 23 M43 13 L63 3');
  });

  it('draws a flat series across the middle', () => {
    expect(
      sparkline(
        [
          { label: 'a', value: 4 },
          { label: 'b', value: 4 },
        ],
        fmt,
        100,
        30,
      ).path,
    ).toBe('M3 15 L97 15');
  });

  it('describes the trend in words (the text alternative)', () => {
    const s = sparkline(
      [
        { label: 'Jan 2026', value: 3 },
        { label: 'Feb 2026', value: 9 },
        { label: 'Mar 2026', value: 6 },
      ],
      fmt,
    );
    expect(s.text).toBe('3 months: from 3 in Jan 2026 to 6 in Mar 2026; lowest 3, highest 9.');
  });

  it('has nothing to draw without figures', () => {
    expect(sparkline([{ label: 'a', value: null }], fmt)).toMatchObject({ path: '', text: 'No figures for these months.' });
  });
});

describe('line chart', () => {
  it('puts the target line inside the scale even when every figure is below it', () => {
    const c = lineChart(
      [
        { label: 'a', value: 50 },
        { label: 'b', value: 60 },
      ],
      90,
      fmt,
    );
    expect(c.target!.y).toBeLessThan(Math.min(...c.dots.map((d) => d.y)));
    expect(c.yTicks.map((t) => t.text)).toEqual(['50', '90']);
  });
});
