import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateTenantSettings } from '@casewatch/contracts';
import { LaitFileError, readLaitCsv, yearEndingMarch } from './lait-csv';
import { LAIT_INDICATORS, laitIndicator } from './lait-indicators';

const SAMPLE = readFileSync(join(__dirname, 'sample', 'lait-sample.csv'), 'utf8');

function errorsOf(text: string, options = {}) {
  try {
    readLaitCsv(text, options);
  } catch (err) {
    if (err instanceof LaitFileError) return err.errors;
    throw err;
  }
  throw new Error('expected the file to be refused');
}

describe('reading a LAIT indicator table (CSV)', () => {
  it('reads the sample: England, statistical neighbours and the region by financial year, councils passed over', () => {
    const read = readLaitCsv(SAMPLE, { source: 'sample' });
    expect(Object.keys(read.comparators)).toEqual(['lac.rate10k', 'referrals.repeat-12m', 'assessments.within-45wd', 'care-leavers.eet']);
    expect(read.comparators['lac.rate10k'].filter((c) => c.name === 'England')).toEqual([
      { name: 'England', period: 'fy2020', value: 67, source: 'sample' },
      { name: 'England', period: 'fy2021', value: 70, source: 'sample' },
      { name: 'England', period: 'fy2022', value: 71, source: 'sample' },
      { name: 'England', period: 'fy2023', value: 70, source: 'sample' },
    ]);
    expect([...new Set(read.comparators['lac.rate10k'].map((c) => c.name))]).toEqual(['England', 'Statistical neighbours', 'Yorkshire and the Humber']);
    // A suppressed figure (x) is no figure, not an error.
    expect(read.comparators['referrals.repeat-12m'].filter((c) => c.name === 'Statistical neighbours').map((c) => c.period)).toEqual([
      'fy2020',
      'fy2021',
      'fy2023',
    ]);
    expect(read).toMatchObject({ rows: 9, councilRows: 1, ignored: [] });
    expect(validateTenantSettings({ name: 'x', nation: 'england', population0to17: 1, comparators: read.comparators }).ok).toBe(true);
  });

  it('reads a one-indicator table named by the upload, any column order, numbers as spreadsheets write them', () => {
    const text = ['Rank,LA name,2024,LA number,2023', '1,"Statistical Neighbours (average)","1,012.5",,70%', '2,Barnsley,99,370,98', ',ENGLAND,70,,71'].join(
      '\r\n',
    );
    expect(readLaitCsv(text, { indicator: 'lac.rate10k' }).comparators).toEqual({
      'lac.rate10k': [
        { name: 'Statistical neighbours', period: 'fy2023', value: 1012.5 },
        { name: 'Statistical neighbours', period: 'fy2022', value: 70 },
        { name: 'England', period: 'fy2023', value: 70 },
        { name: 'England', period: 'fy2022', value: 71 },
      ],
    });
  });

  it('lists indicators it does not map instead of failing on them', () => {
    const text =
      'LA number,LA name,Indicator,2023\n,England,Pupils reaching the expected standard (%),60\n,England,CLA rate per 10000,71\n,England,Pupils reaching the expected standard (%),61';
    const read = readLaitCsv(text);
    expect(read.ignored).toEqual([{ indicator: 'Pupils reaching the expected standard (%)', row: 2 }]);
    expect(read.comparators).toEqual({ 'lac.rate10k': [{ name: 'England', period: 'fy2022', value: 71 }] });
  });

  it('names the row and column of each bad cell, and of a figure given twice', () => {
    const text = [
      'LA number,LA name,Indicator,2022-23,2023-24',
      ',England,Assessments completed within 45 working days (%),82.7,eighty',
      ',,Assessments completed within 45 working days (%),80,81',
      ',England,,80,81',
      ',England,assessments.within-45wd,82.7,83',
    ].join('\n');
    expect(errorsOf(text)).toEqual([
      { pointer: '/rows/2/2023-24', message: 'row 2, column 2023-24: "eighty" is not a number (x, c, z, u, low, : and . are read as no figure)' },
      {
        pointer: '/rows/3/LA name',
        message: 'row 3: a row without a 3-digit LA number is England, a region or the statistical neighbours, and needs its name in LA name',
      },
      { pointer: '/rows/4/Indicator', message: 'row 4: no indicator (give the file an Indicator column, or the upload ?indicator=)' },
      { pointer: '/rows/5/2022-23', message: "row 5, column 2022-23: England's 2022-23 figure for assessments.within-45wd is also on row 2" },
    ]);
  });

  it('refuses a row with more cells than the header (an unquoted comma would shift the years)', () => {
    expect(errorsOf('LA number,LA name,Indicator,2023\n,England,CLA rate per 10,000,71\n,England,CIN rate per 10000,340')).toEqual([
      { pointer: '/rows/2/', message: 'row 2 has 5 cells where the header has 4: a comma inside a cell must be quoted' },
    ]);
  });

  it('refuses a header without LA number, LA name or years, a column that is not a year, and one year twice', () => {
    expect(errorsOf('Area,Value\nEngland,70')).toEqual([
      { pointer: '/rows/1/LA number', message: 'the header has no LA number column (also read as LA code)' },
      { pointer: '/rows/1/LA name', message: 'the header has no LA name column' },
    ]);
    expect(errorsOf('LA code,LA name,Rank\n,England,1')).toEqual([
      { pointer: '/rows/1/', message: 'the header has no year columns (such as 2023 or 2022-23)' },
    ]);
    expect(errorsOf('LA number,LA name,2023-25,2023,2022/23\n,England,1,2,3')).toEqual([
      { pointer: '/rows/1/2023-25', message: 'column 2023-25: not a year (2023, 2022-23, 2022/23, 2022 to 2023 or 202223)' },
      { pointer: '/rows/1/2022~123', message: 'column 2022/23: the same year as column 2023' },
    ]);
    expect(errorsOf('')).toEqual([{ pointer: '', message: 'the file is empty: it needs a header row (LA number, LA name, years)' }]);
    expect(errorsOf('LA number,LA name,2023\n,"England,70')[0].message).toMatch(/^not a readable CSV file: /);
  });
});

describe('year columns', () => {
  it('reads DfE years as ending on 31 March', () => {
    expect(['2023', '2022-23', '2022/23', '2022 to 2023', '202223', '2022–23', '2022-2023'].map(yearEndingMarch)).toEqual(Array(7).fill('fy2022'));
    expect(['2022-24', '20223', '1989', '2023 to 2023'].map(yearEndingMarch)).toEqual([undefined, undefined, undefined, undefined]);
    expect(yearEndingMarch('1999-00')).toBe('fy1999');
  });
});

describe('the indicator table', () => {
  it('maps each metric once, by its DfE wording, an alias or its id, ignoring case and punctuation', () => {
    const ids = LAIT_INDICATORS.map((i) => i.metricId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(laitIndicator('RE-REFERRALS within 12 months of a previous referral')?.metricId).toBe('referrals.repeat-12m');
    expect(laitIndicator('cp.rate10k')?.metricId).toBe('cp.rate10k');
    expect(laitIndicator('Referrals')).toBeUndefined();
  });
});
