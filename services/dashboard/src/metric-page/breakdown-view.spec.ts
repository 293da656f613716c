import type { BreakdownItem, MetricBreakdown } from '@casewatch/contracts';
import { dimensionsInProblem, dimensionTitle } from './breakdown-dimensions';
import { breakdownView, financialYears, itemText } from './breakdown-view';

const years = { thisYear: 'fy2026', lastYear: 'fy2025' };

function answer(period: string, items: Partial<BreakdownItem>[]): MetricBreakdown {
  return {
    metricId: 'referrals.received',
    period,
    scope: 'la',
    by: 'source',
    asOf: '2026-12-07T07:00:00.000Z',
    items: items.map((i) => ({ key: 'k', label: 'K', value: 0, rank: 1, ...i })),
  };
}

describe('breakdownView', () => {
  it('puts the same keys side by side, ordered by this year’s rank, keys only last year had after', () => {
    const view = breakdownView({
      unit: 'count',
      by: 'source',
      dimensions: ['source', 'ageBand'],
      years,
      thisYear: answer('fy2026', [
        { key: '1B', label: 'Police', value: 40, share: 40, rank: 1 },
        { key: '2A', label: 'Schools', value: 10, share: 10, rank: 3 },
        { key: '3C', label: 'Health', value: 50, share: 50, rank: 2 },
      ]),
      lastYear: answer('fy2025', [
        { key: '2A', label: 'Schools', value: 80, share: 80, rank: 1 },
        { key: '9X', label: 'Other', value: 20, share: 20, rank: 2 },
      ]),
    });
    expect(view.rows.map((r) => [r.key, r.rank, r.thisYear.text, r.lastYear.text])).toEqual([
      ['1B', '1', '40 (40.0%)', 'None'],
      ['3C', '2', '50 (50.0%)', 'None'],
      ['2A', '3', '10 (10.0%)', '80 (80.0%)'],
      ['9X', '', 'None', '20 (20.0%)'],
    ]);
    // One scale over both years: the biggest figure (last year's 80) is the full bar.
    expect(view.rows.map((r) => [r.thisYear.bar, r.lastYear.bar])).toEqual([
      [50, 0],
      [62.5, 0],
      [12.5, 100],
      [0, 25],
    ]);
    expect(view.rows[0].thisYear.dataValue).toBe('40');
    expect(view.rows[0].lastYear.dataValue).toBe('');
    expect(view.options).toEqual([
      { value: 'source', text: 'Source' },
      { value: 'ageBand', text: 'Age band' },
    ]);
    expect(view.thisYearText).toBe('Financial year 2026–27 so far');
    expect(view.lastYearText).toBe('Financial year 2025–26');
    expect(view.empty).toBe('');
  });

  it('draws percentages out of 100 and writes their fraction', () => {
    const view = breakdownView({
      unit: 'percent',
      by: 'category',
      dimensions: ['category'],
      years,
      thisYear: answer('fy2026', [{ key: 'N', label: 'Neglect', value: 25, numerator: 3, denominator: 12, rank: 1 }]),
      lastYear: answer('fy2025', [{ key: 'N', label: 'Neglect', value: null, rank: 1 }]),
    });
    expect(view.rows[0].thisYear).toEqual({ text: '25.0% (3 of 12)', dataValue: '25', bar: 25 });
    expect(view.rows[0].lastYear).toEqual({ text: 'No data', dataValue: '', bar: 0 });
    expect(view.sharesNote).toMatch(/percentage among/);
  });

  it('says so when a year did not answer, and when neither did', () => {
    const one = breakdownView({
      unit: 'count',
      by: 'source',
      dimensions: ['source'],
      years,
      thisYear: answer('fy2026', [{ key: 'a', label: 'A', value: 1, share: 100 }]),
      lastYear: undefined,
    });
    expect(one.rows[0].lastYear.text).toBe('Not available');
    const none = breakdownView({ unit: 'count', by: 'source', dimensions: ['source'], years, thisYear: undefined, lastYear: undefined });
    expect(none.rows).toEqual([]);
    expect(none.empty).toMatch(/not available/);
    const empty = breakdownView({ unit: 'count', by: 'source', dimensions: ['source'], years, thisYear: answer('fy2026', []), lastYear: answer('fy2025', []) });
    expect(empty.empty).toBe('Nothing counted in either year.');
  });

  it('notes that factor shares can add up to more than 100%', () => {
    const view = breakdownView({ unit: 'count', by: 'factor', dimensions: ['factor'], years, thisYear: answer('fy2026', []), lastYear: answer('fy2025', []) });
    expect(view.sharesNote).toMatch(/more than 100%/);
  });
});

describe('itemText', () => {
  it('writes a count without a share as the count alone', () => {
    expect(itemText({ key: 'a', label: 'A', value: 1234, rank: 1 }, 'count')).toBe('1,234');
    expect(itemText({ key: 'a', label: 'A', value: 1234, share: null, rank: 1 }, 'count')).toBe('1,234');
  });
});

describe('financialYears', () => {
  it('starts the year in April', () => {
    expect(financialYears('2026-12')).toEqual({ thisYear: 'fy2026', lastYear: 'fy2025' });
    expect(financialYears('2027-03')).toEqual({ thisYear: 'fy2026', lastYear: 'fy2025' });
    expect(financialYears('2027-04')).toEqual({ thisYear: 'fy2027', lastYear: 'fy2026' });
  });
});

describe('the metric’s dimensions', () => {
  it('are read out of the API’s 400 for a breakdown without by', () => {
    expect(dimensionsInProblem('invalid by: is required; lac.children can be broken down by one of: legalStatus, placementType, ageBand, uasc, team')).toEqual([
      'legalStatus',
      'placementType',
      'ageBand',
      'uasc',
      'team',
    ]);
    expect(dimensionsInProblem('invalid by: is required; x can be broken down by none: this metric has no breakdowns')).toEqual([]);
    expect(dimensionsInProblem('something else')).toEqual([]);
  });

  it('have titles, an unknown one its id', () => {
    expect(dimensionTitle('ageBand')).toBe('Age band');
    expect(dimensionTitle('newThing')).toBe('newThing');
  });
});
