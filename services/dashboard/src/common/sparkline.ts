/**
 * Small server-rendered SVG charts: the overview's sparklines and the metric page's chart. Pure:
 * values in, path data and labels out; the templates draw them.
 */
export interface Point {
  label: string;
  value: number | null;
}

export interface SparklineView {
  width: number;
  height: number;
  /** `M x y L x y …`; a gap (null value) starts a new `M`. '' when there is nothing to draw. */
  path: string;
  /** The last point with a value, marked with a dot. */
  last?: { x: number; y: number };
  /** Text alternative: from, to, lowest and highest. */
  text: string;
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Scales values to y (top = max) inside [pad, height - pad]; a flat series sits in the middle. */
export function scaleY(values: readonly (number | null)[], height: number, pad: number, extra: (number | null)[] = []): (v: number) => number {
  const known = [...values, ...extra].filter((v): v is number => v !== null);
  const min = Math.min(...known);
  const max = Math.max(...known);
  if (known.length === 0 || max === min) return () => round(height / 2);
  return (v) => round(pad + ((max - v) / (max - min)) * (height - 2 * pad));
}

export function linePath(points: readonly Point[], x: (i: number) => number, y: (v: number) => number): string {
  const parts: string[] = [];
  let pen = false;
  points.forEach((p, i) => {
    if (p.value === null) {
      pen = false;
      return;
    }
    parts.push(`${pen ? 'L' : 'M'}${round(x(i))} ${y(p.value)}`);
    pen = true;
  });
  return parts.join(' ');
}

/** `each`: what each point is (months; weeks or quarters for those periods), for the words. */
export function sparkline(points: readonly Point[], format: (v: number) => string, width = 120, height = 32, each = 'months'): SparklineView {
  const pad = 3;
  const step = points.length > 1 ? (width - 2 * pad) / (points.length - 1) : 0;
  const x = (i: number) => pad + i * step;
  const y = scaleY(
    points.map((p) => p.value),
    height,
    pad,
  );
  const path = linePath(points, x, y);
  const known = points.map((p, i) => ({ ...p, i })).filter((p): p is Point & { i: number; value: number } => p.value !== null);
  if (known.length === 0) return { width, height, path: '', text: `No figures for these ${each}.` };
  const first = known[0];
  const lastKnown = known[known.length - 1];
  const values = known.map((p) => p.value);
  const text =
    `${points.length} ${each}: from ${format(first.value)} in ${first.label} to ${format(lastKnown.value)} in ${lastKnown.label}; ` +
    `lowest ${format(Math.min(...values))}, highest ${format(Math.max(...values))}.`;
  return { width, height, path, last: { x: round(x(lastKnown.i)), y: y(lastKnown.value) }, text };
}

export interface ChartView {
  width: number;
  height: number;
  path: string;
  dots: { x: number; y: number; label: string; text: string }[];
  /** Horizontal target line, when there is a target. */
  target?: { y: number; text: string };
  yTicks: { y: number; text: string }[];
  xTicks: { x: number; text: string }[];
  plot: { left: number; right: number; top: number; bottom: number };
}

/** The metric page's line chart with axis labels and the target line. */
export function lineChart(points: readonly Point[], target: number | null, format: (v: number) => string, width = 960, height = 300): ChartView {
  const plot = { left: 90, right: width - 40, top: 16, bottom: height - 30 };
  const innerH = plot.bottom - plot.top;
  const step = points.length > 1 ? (plot.right - plot.left) / (points.length - 1) : 0;
  const x = (i: number) => plot.left + i * step;
  const yInner = scaleY(
    points.map((p) => p.value),
    innerH,
    4,
    [target],
  );
  const y = (v: number) => round(plot.top + yInner(v));
  const known = [...points.map((p) => p.value), target].filter((v): v is number => v !== null);
  const yTicks = known.length === 0 ? [] : [...new Set([Math.min(...known), Math.max(...known)])].map((v) => ({ y: y(v), text: format(v) }));
  const every = Math.max(1, Math.ceil(points.length / 6));
  const xTicks = points.map((p, i) => ({ x: round(x(i)), text: p.label })).filter((_, i) => i % every === 0 || i === points.length - 1);
  const dots = points.flatMap((p, i) => (p.value === null ? [] : [{ x: round(x(i)), y: y(p.value), label: p.label, text: format(p.value) }]));
  return {
    width,
    height,
    path: linePath(points, x, y),
    dots,
    target: target === null ? undefined : { y: y(target), text: `Target ${format(target)}` },
    yTicks,
    xTicks,
    plot,
  };
}
