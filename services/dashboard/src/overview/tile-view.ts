import type { MetricValue } from '@casewatch/contracts';
import { comparatorsText } from '../common/comparators';
import { directionView, formatValue, fractionText, ragView, targetText, type DirectionView, type RagView } from '../common/format';
import { historyStep, periodLabel } from '../common/periods';
import { sparkline, type SparklineView } from '../common/sparkline';

/**
 * One overview tile: everything the template and the live script show for a MetricValue. The
 * live relay sends the same fields (without the sparkline) so a tile updates in place.
 */
export interface TileView {
  metricId: string;
  title: string;
  /** The API's number as given, '' for null (data-value). */
  dataValue: string;
  valueText: string;
  rag: RagView;
  targetText: string;
  direction: DirectionView;
  fraction: string;
  revised: boolean;
  revisedText: string;
  /** "England 70.0% (2025–26) · …", '' when the tenant has no comparators for the metric. */
  comparatorsText: string;
  period: string;
}

export function tileView(v: MetricValue): TileView {
  return {
    metricId: v.metricId,
    title: v.title,
    dataValue: v.value === null ? '' : String(v.value),
    valueText: formatValue(v.value, v.unit),
    rag: ragView(v.rag),
    targetText: targetText(v.target, v.unit),
    direction: directionView(v.direction, v.trend),
    fraction: fractionText(v.unit, v.numerator, v.denominator),
    revised: v.revised,
    revisedText: v.revised ? `Revised: first reported ${formatValue(v.firstReported, v.unit)}` : '',
    comparatorsText: comparatorsText(v),
    period: v.period,
  };
}

/** The sparkline of a metric's history (oldest first, ending with the figure shown). */
export function historySparkline(value: MetricValue, history: readonly MetricValue[] | undefined): SparklineView {
  const step = historyStep(value.period).many;
  if (!history) return { width: 120, height: 32, path: '', text: `the last 12 ${step}: not computed yet, shown on the next visit.` };
  const points = history.map((h) => ({ label: periodLabel(h.period), value: h.value }));
  return sparkline(points, (n) => formatValue(n, value.unit), 120, 32, step);
}
