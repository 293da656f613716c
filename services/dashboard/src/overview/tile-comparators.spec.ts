import type { MetricValue } from '@casewatch/contracts';
import { createViews } from '../render/views';
import { tileView } from './tile-view';

const value: MetricValue = {
  metricId: 'lac.rate10k',
  title: 'Children looked after per 10,000',
  unit: 'rate10k',
  period: '2026-05',
  scope: 'la',
  value: 69.4,
  numerator: null,
  denominator: null,
  polarity: 'low',
  target: null,
  rag: null,
  direction: 'same',
  trend: 'neutral',
  firstReported: 69.4,
  revised: false,
  asOf: '2026-06-01T00:00:00Z',
};

const render = (v: MetricValue) =>
  createViews().render('partials/tile.njk', { tenant: 't1', tile: { ...tileView(v), sparkline: { width: 120, height: 32, path: '', text: '' } } });

describe('comparators on a tile', () => {
  it('shows them in one short line the live script can update', () => {
    const html = render({ ...value, comparators: [{ name: 'England', period: 'fy2025', value: 70 }] });
    expect(html).toMatch(/<p class="[^"]*cw-tile__comparators" data-field="comparators">England 70\.0 \(2025–26\)<\/p>/);
  });

  it('keeps the line, hidden, on a tile without comparators', () => {
    expect(render(value)).toMatch(/data-field="comparators" hidden><\/p>/);
  });
});
