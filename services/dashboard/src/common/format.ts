import type { Direction, MetricUnit, Polarity, Rag, Trend } from '@casewatch/contracts';

/** What the page shows for each RAG: the govuk-tag colour and the word (RAG is never colour alone). */
export interface RagView {
  /** `red`, `amber`, `green` or '' (the data-rag attribute). */
  key: Rag | '';
  word: 'Red' | 'Amber' | 'Green' | 'No target';
  tagClass: string;
}

const RAG_VIEWS: Record<Rag | 'none', RagView> = {
  red: { key: 'red', word: 'Red', tagClass: 'govuk-tag--red' },
  amber: { key: 'amber', word: 'Amber', tagClass: 'govuk-tag--yellow' },
  green: { key: 'green', word: 'Green', tagClass: 'govuk-tag--green' },
  none: { key: '', word: 'No target', tagClass: 'govuk-tag--grey' },
};

export function ragView(rag: Rag | null | undefined): RagView {
  return rag ? RAG_VIEWS[rag] : RAG_VIEWS.none;
}

export interface DirectionView {
  arrow: '↑' | '↓' | '→';
  /** Words for screen readers and print: "Up on the previous period, better". */
  text: string;
  /** CSS class colouring the arrow by trend. */
  trendClass: 'cw-trend--better' | 'cw-trend--worse' | 'cw-trend--neutral';
  word: 'Up' | 'Down' | 'Same';
}

export function directionView(direction: Direction, trend: Trend): DirectionView {
  const arrow = direction === 'up' ? '↑' : direction === 'down' ? '↓' : '→';
  const word = direction === 'up' ? 'Up' : direction === 'down' ? 'Down' : 'Same';
  const moved = direction === 'same' ? 'No change on the previous period' : `${word} on the previous period`;
  const judged = trend === 'better' ? ', better' : trend === 'worse' ? ', worse' : '';
  return { arrow, word, text: `${moved}${judged}`, trendClass: `cw-trend--${trend}` };
}

const COUNT = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const ONE_DECIMAL = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A figure as a person reads it, with its unit: 1,234 · 85.3% · 70.1 per 10,000 · 23.5 days; null → "No data". */
export function formatValue(value: number | null | undefined, unit: MetricUnit): string {
  if (value === null || value === undefined) return 'No data';
  switch (unit) {
    case 'count':
      return COUNT.format(value);
    case 'percent':
      return `${ONE_DECIMAL.format(value)}%`;
    case 'rate10k':
      return `${ONE_DECIMAL.format(value)} per 10,000`;
    case 'days':
      return `${ONE_DECIMAL.format(value)} ${value === 1 ? 'day' : 'days'}`;
  }
}

/** The number alone (tables and CSV headers carry the unit): '' for null. */
export function formatNumber(value: number | null | undefined, unit: MetricUnit): string {
  if (value === null || value === undefined) return '';
  return unit === 'count' ? COUNT.format(value) : ONE_DECIMAL.format(value);
}

export function unitLabel(unit: MetricUnit): string {
  return { count: 'number', percent: '%', rate10k: 'per 10,000', days: 'days' }[unit];
}

export function polarityText(polarity: Polarity): string {
  return {
    high: 'Higher is better',
    low: 'Lower is better',
    info: 'For information (no judgement)',
    range: 'Better inside a band',
  }[polarity];
}

/** "412 of 480" under a percentage; '' when not a percentage or not given. */
export function fractionText(unit: MetricUnit, numerator: number | null, denominator: number | null): string {
  if (unit !== 'percent' || numerator === null || denominator === null) return '';
  return `${COUNT.format(numerator)} of ${COUNT.format(denominator)}`;
}

export function targetText(target: number | null, unit: MetricUnit): string {
  return target === null ? 'No target' : `Target ${formatValue(target, unit)}`;
}
