import { ruleConfigOf, rulesVersion } from './rules-version';

describe('the rules version a tenant is evaluated with', () => {
  const base = {
    nation: 'england' as const,
    closureDays: ['2026-12-29', '2026-12-24'],
    rules: { 'cp-visit': { limit: { n: 15, unit: 'working-days' as const } } },
  };

  it('ignores key order, the order and repeats of closure days, and settings deadlines do not use', () => {
    const reordered = {
      rules: { 'cp-visit': { limit: { unit: 'working-days' as const, n: 15 } } },
      closureDays: ['2026-12-24', '2026-12-29', '2026-12-24'],
      nation: 'england' as const,
    };
    expect(rulesVersion(ruleConfigOf(reordered))).toBe(rulesVersion(ruleConfigOf(base)));
    expect(rulesVersion(ruleConfigOf({ ...base, name: 'x', population0to17: 5 } as typeof base))).toBe(rulesVersion(ruleConfigOf(base)));
    expect(rulesVersion(ruleConfigOf({ nation: 'england', closureDays: [], rules: {} }))).toBe(rulesVersion(ruleConfigOf({ nation: 'england' })));
  });

  it('changes with a limit, a rule switched off, a closure day or the nation', () => {
    const v = rulesVersion(ruleConfigOf(base));
    const variants = [
      { ...base, rules: { 'cp-visit': { limit: { n: 5, unit: 'working-days' as const } } } },
      { ...base, rules: { ...base.rules, 'cin-visit': { enabled: false } } },
      { ...base, closureDays: [...base.closureDays, '2026-12-30'] },
      { ...base, nation: 'wales' as const },
    ];
    const versions = variants.map((s) => rulesVersion(ruleConfigOf(s)));
    expect(new Set([v, ...versions]).size).toBe(5);
  });
});
