import { periodEndDate } from './comparators';
import { MetricValue } from './metric-value';
import { validateTenantSettings } from './tenant-settings';
import { compileValidator } from '../validation/compile-validator';
import { API_METRIC_VALUE } from '../testing/api-examples';

const MINIMAL = { name: 'Rotherham', nation: 'england', population0to17: 57_000 };

function errorsOf(input: unknown) {
  const result = validateTenantSettings(input);
  if (result.ok) throw new Error('expected the settings to be refused');
  return result.errors;
}

describe('periodEndDate', () => {
  it('ends months, financial years and their quarters on their last day', () => {
    expect(periodEndDate('2026-05')).toBe('2026-05-31');
    expect(periodEndDate('2024-02')).toBe('2024-02-29');
    expect(periodEndDate('fy2025')).toBe('2026-03-31');
    expect(periodEndDate('fy2025-Q1')).toBe('2025-06-30');
    expect(periodEndDate('fy2025-Q2')).toBe('2025-09-30');
    expect(periodEndDate('fy2025-Q3')).toBe('2025-12-31');
    expect(periodEndDate('fy2025-Q4')).toBe('2026-03-31');
  });

  it('ends an ISO week on its Sunday, and knows which years have a week 53', () => {
    expect(periodEndDate('2026-W01')).toBe('2026-01-04');
    expect(periodEndDate('2025-W01')).toBe('2025-01-05');
    expect(periodEndDate('2020-W53')).toBe('2021-01-03');
    expect(periodEndDate('2026-W53')).toBe('2027-01-03');
    expect(periodEndDate('2025-W53')).toBeUndefined();
  });

  it('refuses what is not a period', () => {
    for (const p of ['2026-13', '2026-00', 'fy2025-Q5', 'current', '2026', '2026-W00', '']) expect(periodEndDate(p)).toBeUndefined();
  });
});

describe('comparators in the tenant settings', () => {
  const comparators = {
    'lac.rate10k': [
      { name: 'England', period: 'fy2022', value: 71, source: 'DfE CLA 2023' },
      { name: 'Statistical neighbours', period: 'fy2022', value: 98.4 },
    ],
    'referrals.received': [{ name: 'England', period: '2026-W10', value: 1.5 }],
    'assessments.within-45wd': [{ name: 'Yorkshire and the Humber', period: 'fy2024-Q3', value: 83.2 }],
  };

  it('accepts comparators of every period kind', () => {
    expect(validateTenantSettings({ ...MINIMAL, comparators })).toEqual({ ok: true, settings: { ...MINIMAL, comparators } });
  });

  it('names a bad period, name, value or metric id', () => {
    expect(
      errorsOf({
        ...MINIMAL,
        comparators: {
          'LAC rate': [],
          'lac.rate10k': [{ name: ' England', period: '2023', value: '71', colour: 'red' }],
        },
      }),
    ).toEqual([
      {
        pointer: '/comparators/LAC rate',
        message: 'comparators.LAC rate is not allowed in comparators: comparators keyed by metric id (e.g. lac.rate10k)',
      },
      { pointer: '/comparators/lac.rate10k/0/colour', message: 'unknown field comparators.lac.rate10k[0].colour' },
      {
        pointer: '/comparators/lac.rate10k/0/name',
        message: 'comparators.lac.rate10k[0].name must be a name such as England or Statistical neighbours (1–80 characters, no space at either end)',
      },
      {
        pointer: '/comparators/lac.rate10k/0/period',
        message: 'comparators.lac.rate10k[0].period must be a period YYYY-MM, fyYYYY, fyYYYY-Qn or YYYY-Www (years 1990–2099)',
      },
      { pointer: '/comparators/lac.rate10k/0/value', message: 'comparators.lac.rate10k[0].value must be a number' },
    ]);
  });

  it('refuses a period out of range or not in its year, and a name repeating a period', () => {
    expect(errorsOf({ ...MINIMAL, comparators: { 'lac.rate10k': [{ name: 'England', period: 'fy9999', value: 1 }] } })[0].pointer).toBe(
      '/comparators/lac.rate10k/0/period',
    );
    expect(
      errorsOf({
        ...MINIMAL,
        comparators: {
          'lac.rate10k': [
            { name: 'England', period: '2025-W53', value: 1 },
            { name: 'England', period: 'fy2023', value: 70 },
            { name: 'England', period: 'fy2023', value: 71 },
          ],
        },
      }),
    ).toEqual([
      { pointer: '/comparators/lac.rate10k/0/period', message: 'comparators.lac.rate10k[0].period 2025-W53 is not a period of its year' },
      { pointer: '/comparators/lac.rate10k/2', message: 'comparators.lac.rate10k[2] repeats England for fy2023' },
    ]);
  });
});

describe('MetricValue.comparators', () => {
  const valid = compileValidator(MetricValue, 'the metric');

  it('is optional (the api.md example has none) and, when given, lists name, period and value', () => {
    expect(valid(API_METRIC_VALUE).ok).toBe(true);
    const value = { ...API_METRIC_VALUE, comparators: [{ name: 'England', period: 'fy2025', value: 70 }] };
    expect(valid(value)).toEqual({ ok: true, value });
    expect(valid({ ...API_METRIC_VALUE, comparators: [] }).ok).toBe(true);
  });

  it('refuses a comparator without its period, or with its source', () => {
    expect(valid({ ...API_METRIC_VALUE, comparators: [{ name: 'England', value: 70, source: 'DfE' }] })).toEqual({
      ok: false,
      errors: [
        { pointer: '/comparators/0/period', message: 'comparators[0].period is required' },
        { pointer: '/comparators/0/source', message: 'unknown field comparators[0].source' },
      ],
    });
  });
});
