import { compileValidator } from '../validation/compile-validator';
import { regionGrant, RegionMetric } from './region-figures';
import { validateTenantSettings } from './tenant-settings';

const MINIMAL = { name: 'Rotherham', nation: 'england', population0to17: 57_000 };

const ANSWER = {
  metricId: 'assessments.within-45wd',
  title: 'Assessments completed within 45 working days',
  unit: 'percent',
  polarity: 'high',
  period: '2026-10',
  region: 'yorkshire-humber',
  mean: 81.4,
  median: 82,
  quartilePoints: [78.5, 82, 85.25],
  asOf: '2026-11-20T09:00:00.000Z',
  items: [
    { tenant: 'rotherham', name: 'Rotherham', value: 90, rank: 1, quartile: 'A' },
    { tenant: 'leeds', name: 'Leeds', value: 72.8, rank: 2, quartile: 'D' },
    { tenant: 'york', name: 'York', value: null, rank: null, quartile: null },
  ],
};

describe('region settings', () => {
  it('accepts a region and shareWithRegion', () => {
    const settings = { ...MINIMAL, region: 'yorkshire-humber', shareWithRegion: true };
    expect(validateTenantSettings(settings)).toEqual({ ok: true, settings });
    expect(validateTenantSettings({ ...MINIMAL, region: 'ne', shareWithRegion: false }).ok).toBe(true);
  });

  it('refuses a region name outside [a-z0-9-]{2,40} and a shareWithRegion that is not a boolean', () => {
    for (const region of ['Yorkshire', 'n', 'a'.repeat(41), 'north east', 'region:ne', '']) {
      const result = validateTenantSettings({ ...MINIMAL, region });
      expect(result).toEqual({ ok: false, errors: [{ pointer: '/region', message: 'region must be a region of 2–40 lowercase letters, digits or -' }] });
    }
    expect(validateTenantSettings({ ...MINIMAL, shareWithRegion: 'yes' })).toEqual({
      ok: false,
      errors: [{ pointer: '/shareWithRegion', message: 'shareWithRegion must be a boolean' }],
    });
  });
});

describe('RegionMetric', () => {
  const valid = compileValidator(RegionMetric, 'the answer');

  it('accepts a ranked answer with a tenant without a value, and an empty region', () => {
    expect(valid(ANSWER).ok).toBe(true);
    expect(valid({ ...ANSWER, mean: null, median: null, quartilePoints: null, items: [] }).ok).toBe(true);
  });

  it('refuses a quartile outside A–D, rank 0 and unknown fields', () => {
    const item = { ...ANSWER.items[0], quartile: 'E', rank: 0, colour: 'green' };
    expect(valid({ ...ANSWER, items: [item] }).ok).toBe(false);
  });

  it('names the grant a token lists to read a region', () => {
    expect(regionGrant('yorkshire-humber')).toBe('region:yorkshire-humber');
  });
});
