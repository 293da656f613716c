import { comparatorsFor } from './comparators';

const ENGLAND = [
  { name: 'England', period: 'fy2024', value: 70, source: 'DfE CLA 2025' },
  { name: 'England', period: 'fy2026', value: 72 },
  { name: 'England', period: 'fy2025', value: 71 },
];

describe('comparatorsFor', () => {
  it('gives a May 2026 figure the fy2025 value (ends 31 March 2026), not fy2026 (ends after May)', () => {
    expect(comparatorsFor(ENGLAND, '2026-05-31')).toEqual([{ name: 'England', period: 'fy2025', value: 71 }]);
  });

  it('gives a financial year its own year, and a March its year ending that day', () => {
    expect(comparatorsFor(ENGLAND, '2027-03-31')).toEqual([{ name: 'England', period: 'fy2026', value: 72 }]);
    expect(comparatorsFor(ENGLAND, '2025-03-31')).toEqual([{ name: 'England', period: 'fy2024', value: 70 }]);
    expect(comparatorsFor(ENGLAND, '2025-03-30')).toEqual([]);
  });

  it('leaves out a name with no comparator ending on or before the period, keeps the others in order', () => {
    const list = [
      ...ENGLAND,
      { name: 'Statistical neighbours', period: 'fy2026', value: 90 },
      { name: 'Yorkshire and the Humber', period: 'fy2025-Q4', value: 80 },
      { name: 'Yorkshire and the Humber', period: '2026-W19', value: 81 },
    ];
    // 2026-W19 ends Sunday 10 May 2026.
    expect(comparatorsFor(list, '2026-05-31')).toEqual([
      { name: 'England', period: 'fy2025', value: 71 },
      { name: 'Yorkshire and the Humber', period: '2026-W19', value: 81 },
    ]);
    expect(comparatorsFor(list, '2026-05-09')).toEqual([
      { name: 'England', period: 'fy2025', value: 71 },
      { name: 'Yorkshire and the Humber', period: 'fy2025-Q4', value: 80 },
    ]);
  });

  it('takes the one listed later of two periods ending the same day', () => {
    const list = [
      { name: 'England', period: 'fy2025', value: 71 },
      { name: 'England', period: '2026-03', value: 69 },
    ];
    expect(comparatorsFor(list, '2026-04-30')).toEqual([{ name: 'England', period: '2026-03', value: 69 }]);
  });

  it('is undefined (no field) when the tenant has no comparators for the metric', () => {
    expect(comparatorsFor(undefined, '2026-05-31')).toBeUndefined();
    expect(comparatorsFor([], '2026-05-31')).toBeUndefined();
  });
});
