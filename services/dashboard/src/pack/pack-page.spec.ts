import type { MetricValue } from '@casewatch/contracts';
import { groupByArea } from '../common/areas';
import { comparatorNames } from '../common/comparators';
import { createViews } from '../render/views';
import { packRows } from './pack-view';

function mv(metricId: string, value: number, comparators?: MetricValue['comparators']): MetricValue {
  return {
    metricId,
    title: metricId,
    unit: 'percent',
    period: '2026-05',
    scope: 'la',
    value,
    numerator: null,
    denominator: null,
    polarity: 'high',
    target: null,
    rag: null,
    direction: 'same',
    trend: 'neutral',
    firstReported: value,
    revised: false,
    asOf: '2026-06-01T00:00:00Z',
    ...(comparators ? { comparators } : {}),
  };
}

/** The pack page as rendered, for its comparator columns and navigation (the browser test checks the rest). */
function render(current: MetricValue[], period = '2026-05'): string {
  const comparators = comparatorNames(current);
  return createViews().render('pack.njk', {
    tenant: 't1',
    nav: 'pack',
    period,
    packPeriod: period,
    periodText: 'May 2026',
    previousText: 'Apr 2026',
    previousYearText: 'May 2025',
    groups: groupByArea(packRows(current, [], [])),
    comparators,
    scope: 'la',
  });
}

/** The navigation's pack link: [period in its href, its text]. */
function packLink(html: string): [string?, string?] {
  const a = html.match(/<a class="govuk-service-navigation__link" href="\/tenants\/t1\/pack\/([^"]+)"[^>]*>([\s\S]*?)<\/a>/);
  return [a?.[1], a?.[2].replace(/<[^>]+>/g, '').trim()];
}

describe('the pack page', () => {
  it('heads a column per comparator name and fills it by row, a dash where a figure has none', () => {
    const html = render([
      mv('assessments.within-45wd', 86.5, [
        { name: 'England', period: 'fy2025', value: 82.7 },
        { name: 'Statistical neighbours', period: 'fy2025', value: 81.2 },
      ]),
      mv('lac.iha-20wd', 70),
    ]);
    expect(html.match(/<th scope="col"[^>]*cw-pack-comparator">([^<]*)<\/th>/g)?.map((h) => h.replace(/<[^>]+>/g, ''))).toEqual([
      'England',
      'Statistical neighbours',
    ]);
    expect(html).toContain('colspan="11"');
    expect(html).toMatch(/data-comparator="England">82\.7 <span class="govuk-body-s cw-nowrap">\(2025–26\)<\/span><\/td>/);
    const iha = html.slice(html.indexOf('data-metric-id="lac.iha-20wd"'));
    expect(iha).toMatch(/data-comparator="England">–<\/td>/);
    expect(html).toContain('The last columns compare with England, Statistical neighbours');
  });

  it('has no comparator columns when no figure has comparators', () => {
    const html = render([mv('lac.iha-20wd', 70)]);
    expect(html).not.toContain('cw-pack-comparator');
    expect(html).toContain('colspan="9"');
    expect(html).not.toContain('The last columns compare');
  });

  it.each([
    ['2026-05', 'Monthly pack'],
    ['fy2026-Q3', 'Quarterly pack'],
    ['2026-W50', 'Weekly pack'],
    ['fy2026', 'Annual pack'],
  ])('names the pack of %s in the navigation: %s', (period, name) => {
    expect(packLink(render([mv('lac.iha-20wd', 70)], period))).toEqual([period, name]);
  });

  it('links to last month’s monthly pack from a page without a pack period', () => {
    const html = createViews().render('error.njk', { tenant: 't1', lastMonth: '2026-11', title: 'Not found', message: '' });
    expect(packLink(html)).toEqual(['2026-11', 'Monthly pack']);
  });

  it('escapes a comparator name', () => {
    expect(render([mv('x.y', 1, [{ name: '<b>North</b>', period: 'fy2025', value: 1 }])])).toContain('&lt;b&gt;North&lt;/b&gt;');
  });
});
