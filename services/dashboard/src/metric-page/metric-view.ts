import type { MetricValue } from '@casewatch/contracts';
import { formatNumber, formatValue } from '../common/format';
import { periodLabel } from '../common/periods';
import { lineChart, type ChartView } from '../common/sparkline';
import type { CaseItem } from '../api/api-client';

export interface MonthRow {
  period: string;
  label: string;
  firstReported: string;
  now: string;
  revised: boolean;
  target: string;
  rag: string;
}

/** The chart of the history (target line from the latest figure) and the month-by-month table. */
export function historyView(value: MetricValue, history: readonly MetricValue[]): { chart: ChartView; rows: MonthRow[] } {
  const points = history.map((h) => ({ label: periodLabel(h.period), value: h.value }));
  const chart = lineChart(points, value.target, (n) => formatValue(n, value.unit));
  const rows = history
    .map((h) => ({
      period: h.period,
      label: periodLabel(h.period),
      firstReported: formatValue(h.firstReported, h.unit),
      now: formatValue(h.value, h.unit),
      revised: h.revised,
      target: h.target === null ? '' : formatValue(h.target, h.unit),
      rag: h.rag ?? '',
    }))
    .reverse();
  return { chart, rows };
}

export const CASES_SHOWN = 200;

/** The drill-down table: pseudonymous ids and the dates that put them there. */
export function casesCsv(metric: MetricValue, cases: readonly CaseItem[]): { header: string[]; rows: string[][] } {
  const width = Math.max(1, ...cases.map((c) => c.dates.length));
  const header = ['metricId', 'period', 'scope', 'subject', ...Array.from({ length: width }, (_, i) => (width === 1 ? 'date' : `date${i + 1}`))];
  return { header, rows: cases.map((c) => [metric.metricId, metric.period, metric.scope, c.subject, ...c.dates]) };
}

export function numberCell(value: number | null, unit: MetricValue['unit']): string {
  return formatNumber(value, unit);
}
