import { createViews } from '../render/views';
import { breakdownView } from './breakdown-view';

const answer = (period: string, items: { key: string; label: string; value: number; share: number; rank: number }[]) => ({
  metricId: 'referrals.received',
  period,
  scope: 'la',
  by: 'source',
  asOf: '2026-12-07T07:00:00.000Z',
  items,
});

function render(): string {
  const breakdown = breakdownView({
    unit: 'count',
    by: 'source',
    dimensions: ['source', 'ageBand'],
    years: { thisYear: 'fy2026', lastYear: 'fy2025' },
    thisYear: answer('fy2026', [{ key: '1B', label: 'Police <b>', value: 40, share: 100, rank: 1 }]),
    lastYear: answer('fy2025', []),
  });
  const page = `{% from "govuk/components/select/macro.njk" import govukSelect %}{% from "govuk/components/button/macro.njk" import govukButton %}{% include "partials/breakdown.njk" %}`;
  return createViews(undefined, false).renderString(page, {
    breakdown,
    action: '/tenants/demo/metrics/referrals.received',
    metric: { title: 'Referrals received' },
    breakdownKeep: [
      ['period', '2026-11'],
      ['months', '24'],
    ],
  });
}

describe('partials/breakdown.njk', () => {
  const html = render();

  it('writes each row’s figures as text in a table, the bars hidden from assistive technology', () => {
    expect(html).toContain('<th scope="row" class="govuk-table__header">Police &lt;b&gt;</th>');
    expect(html).toContain('data-key="1B" data-rank="1" data-this-year="40" data-last-year=""');
    expect(html).toContain('40 (100.0%)');
    expect(html).toContain('None');
    expect(html.match(/<svg [^>]*aria-hidden="true"/g)).toHaveLength(2);
    expect(html).toContain('<th scope="col" class="govuk-table__header">Financial year 2026–27 so far</th>');
  });

  it('offers only the metric’s dimensions in a GET form that keeps the page’s choices', () => {
    expect(html).toContain('action="/tenants/demo/metrics/referrals.received#breakdown"');
    expect(html).toMatch(/<option value="source" selected>Source<\/option>/);
    expect(html).toMatch(/<option value="ageBand">Age band<\/option>/);
    expect(html.match(/<option /g)).toHaveLength(2);
    expect(html).toContain('<input type="hidden" name="period" value="2026-11">');
    expect(html).toContain('<input type="hidden" name="months" value="24">');
  });
});
