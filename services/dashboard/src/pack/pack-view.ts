import type { MetricValue, Polarity } from '@casewatch/contracts';
import { areaOf } from '../common/areas';
import { comparatorCells, type ComparatorCell } from '../common/comparators';
import { directionView, formatNumber, ragView, unitLabel, type DirectionView, type RagView } from '../common/format';

/** One indicator of the monthly pack, laid out as councils' published packs are. */
export interface PackRow {
  metricId: string;
  area: string;
  title: string;
  unit: string;
  polarity: Polarity;
  polarityText: string;
  /** The API's raw value ('' for null): data-value. */
  dataValue: string;
  value: string;
  target: string;
  rag: RagView;
  direction: DirectionView;
  firstReported: string;
  revised: boolean;
  previousMonth: string;
  previousYear: string;
  /** By comparator name (the pack's comparator columns); a name missing here is a blank cell. */
  comparators: Record<string, ComparatorCell>;
}

const POLARITY_SHORT: Record<Polarity, string> = { high: 'High is good', low: 'Low is good', info: 'Information', range: 'In range' };

/**
 * The pack's rows: this period's figures as now known beside the first-reported figure, the
 * previous period and the same period a year before (by metric id; a metric missing there is blank).
 */
export function packRows(current: readonly MetricValue[], previousMonth: readonly MetricValue[], previousYear: readonly MetricValue[]): PackRow[] {
  const prevM = new Map(previousMonth.map((v) => [v.metricId, v]));
  const prevY = new Map(previousYear.map((v) => [v.metricId, v]));
  return current.map((v) => ({
    metricId: v.metricId,
    area: areaOf(v.metricId).title,
    title: v.title,
    unit: unitLabel(v.unit),
    polarity: v.polarity,
    polarityText: POLARITY_SHORT[v.polarity],
    dataValue: v.value === null ? '' : String(v.value),
    value: formatNumber(v.value, v.unit),
    target: formatNumber(v.target, v.unit),
    rag: ragView(v.rag),
    direction: directionView(v.direction, v.trend),
    firstReported: formatNumber(v.firstReported, v.unit),
    revised: v.revised,
    previousMonth: formatNumber(prevM.get(v.metricId)?.value ?? null, v.unit),
    previousYear: formatNumber(prevY.get(v.metricId)?.value ?? null, v.unit),
    comparators: Object.fromEntries(comparatorCells(v).map((c) => [c.name, c])),
  }));
}

export const PACK_CSV_HEADER = [
  'area',
  'metricId',
  'indicator',
  'unit',
  'polarity',
  'target',
  'value',
  'rag',
  'direction',
  'firstReported',
  'revised',
  'previousMonth',
  'previousYear',
];

/** The CSV header: the columns above, then a value and a period column per comparator name. */
export function packCsvHeader(names: readonly string[]): string[] {
  return [...PACK_CSV_HEADER, ...names.flatMap((n) => [n, `${n} period`])];
}

/** The same table as CSV: raw numbers (no thousands separators), RAG and direction as words. */
export function packCsvRows(
  current: readonly MetricValue[],
  previousMonth: readonly MetricValue[],
  previousYear: readonly MetricValue[],
  names: readonly string[] = [],
): (string | number | null)[][] {
  const prevM = new Map(previousMonth.map((v) => [v.metricId, v]));
  const prevY = new Map(previousYear.map((v) => [v.metricId, v]));
  return current.map((v) => [
    areaOf(v.metricId).title,
    v.metricId,
    v.title,
    v.unit,
    v.polarity,
    v.target,
    v.value,
    v.rag ?? '',
    v.direction,
    v.firstReported,
    v.revised ? 'yes' : 'no',
    prevM.get(v.metricId)?.value ?? null,
    prevY.get(v.metricId)?.value ?? null,
    ...names.flatMap((n) => {
      const c = v.comparators?.find((x) => x.name === n);
      return c ? [c.value, c.period] : [null, null];
    }),
  ]);
}
