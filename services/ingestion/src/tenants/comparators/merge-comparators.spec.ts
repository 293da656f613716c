import { withComparators } from './merge-comparators';

const BASE = {
  name: 'Rotherham',
  nation: 'england' as const,
  population0to17: 57_000,
  comparators: {
    'lac.rate10k': [
      { name: 'England', period: 'fy2022', value: 70, source: 'old' },
      { name: 'England', period: 'fy2021', value: 69 },
    ],
    'cp.rate10k': [{ name: 'England', period: 'fy2022', value: 43 }],
  },
};

describe('an upload into the comparators', () => {
  const upload = {
    'lac.rate10k': [
      { name: 'England', period: 'fy2022', value: 71, source: 'DfE CLA 2023' },
      { name: 'Statistical neighbours', period: 'fy2022', value: 92 },
    ],
  };

  it('merges: the same name and period updated in place, new ones appended, other metrics kept', () => {
    const { settings, count } = withComparators(BASE, upload, 'merge');
    expect(settings.comparators).toEqual({
      'lac.rate10k': [
        { name: 'England', period: 'fy2022', value: 71, source: 'DfE CLA 2023' },
        { name: 'England', period: 'fy2021', value: 69 },
        { name: 'Statistical neighbours', period: 'fy2022', value: 92 },
      ],
      'cp.rate10k': [{ name: 'England', period: 'fy2022', value: 43 }],
    });
    expect(count).toEqual({ added: 1, updated: 1 });
    expect(BASE.comparators['lac.rate10k'][0].value).toBe(70);
  });

  it('replaces the lists of the metrics the upload covers, and starts from none', () => {
    expect(withComparators(BASE, upload, 'replace').settings.comparators).toEqual({ ...BASE.comparators, 'lac.rate10k': upload['lac.rate10k'] });
    const { comparators: _none, ...bare } = BASE;
    expect(withComparators(bare, upload, 'merge')).toEqual({ settings: { ...bare, comparators: upload }, count: { added: 2, updated: 0 } });
  });
});
