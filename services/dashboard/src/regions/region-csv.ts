import type { RegionMetric } from '@casewatch/contracts';
import { polarityText } from '../common/format';
import { periodLabel } from '../common/periods';
import { regionView } from './region-view';

/**
 * The region page as one CSV table: its summary rows (`row` = summary: name and the page's text,
 * with the raw number where there is one), then a row per council as ranked (`row` = council:
 * raw rank and value, `joint` yes/no, the quartile letter and its words). Councils are tenants
 * and their names: no child is in it.
 */
export const REGION_CSV_HEADER = ['row', 'rank', 'joint', 'tenant', 'name', 'value', 'quartile', 'text'];

type Cell = string | number | null;

export function regionCsvRows(answer: RegionMetric, asOfText: string): Cell[][] {
  const view = regionView(answer, () => undefined);
  const summary = (name: string, value: number | null, text: string, quartile = ''): Cell[] => ['summary', null, '', '', name, value, quartile, text];
  const sharing = `${answer.items.length}${view.unranked ? ` (${view.unranked} without a figure)` : ''}`;
  return [
    summary('Indicator', null, `${answer.title} (${answer.metricId})`),
    summary('Region', null, answer.region),
    summary('Period', null, periodLabel(answer.period, true)),
    summary('Good performance', null, polarityText(answer.polarity)),
    summary('Councils sharing', answer.items.length, sharing),
    summary('Mean of the councils', answer.mean, view.meanText),
    summary('Median', answer.median, view.medianText),
    ...view.bands.map((band) => summary('Quartile band', null, band, /^([A-D]):/.exec(band)?.[1] ?? '')),
    summary('Figures as at', null, asOfText),
    ...answer.items.map((item, i): Cell[] => [
      'council',
      item.rank,
      item.rank === null ? '' : view.rows[i].rankText.startsWith('=') ? 'yes' : 'no',
      item.tenant,
      item.name,
      item.value,
      item.quartile ?? '',
      view.rows[i].quartile.word,
    ]),
  ];
}
