import { ruleOverride } from './rule-settings';
import { TenantSettings, validateTenantRecord, validateTenantSettings } from './tenant-settings';

const MINIMAL = { name: 'Rotherham', nation: 'england', population0to17: 57_000 };

function errorsOf(input: unknown) {
  const result = validateTenantSettings(input);
  if (result.ok) throw new Error('expected the settings to be refused');
  return result.errors;
}

describe('validateTenantSettings', () => {
  it('accepts the minimal settings and returns them', () => {
    expect(validateTenantSettings(MINIMAL)).toEqual({ ok: true, settings: MINIMAL });
  });

  it('accepts every optional part', () => {
    const settings = {
      ...MINIMAL,
      laCode: '372',
      closureDays: ['2026-12-29', '2026-12-30'],
      reportingCutoffWorkingDays: 0,
      rules: {
        'cp-visit': { limit: { n: 15, unit: 'working-days' }, effectiveFrom: '2026-04-01' },
        'return-interview': { enabled: true },
        'cp-review': {
          limit: [
            { n: 3, unit: 'months' },
            { n: 6, unit: 'months' },
          ],
          warnBefore: { n: 5, unit: 'days' },
        },
        'lac-visit': { allowVirtual: false },
        custom: [
          {
            id: 'allocation',
            title: 'Referral allocated within 5 working days',
            starts: [{ type: 'csc.referral.received' }],
            completes: [{ type: 'csc.worker.allocated' }],
            cancels: [{ type: 'csc.referral.closed', sameAs: ['referralId'] }],
            limit: { n: 5, unit: 'working-days' },
            warnBefore: { n: 0, unit: 'working-days' },
          },
          {
            id: 'strategy-to-s47',
            title: 'Section 47 started after strategy discussion',
            starts: [{ type: 'csc.strategy-discussion.held', where: { outcome: 's47' } }],
            completes: [{ type: 'csc.s47.completed', whereNot: { outcome: 'nfa' } }],
            limit: { n: 72, unit: 'hours' },
            recurring: false,
          },
        ],
      },
      targets: { 'lac.children': { target: 500, amberTolerance: 25 }, 'assessments.within-45wd': { target: 85, amberTolerance: 5 } },
    };
    expect(validateTenantSettings(settings)).toEqual({ ok: true, settings });
    expect(validateTenantSettings({ ...MINIMAL, nation: 'wales', laCode: 'W06000001' }).ok).toBe(true);
  });

  it('documents the default reporting cut-off in the schema', () => {
    expect(TenantSettings.properties.reportingCutoffWorkingDays).toMatchObject({ default: 10, minimum: 0, maximum: 30 });
  });

  it('reports missing and wrong fields by name', () => {
    expect(errorsOf({ nation: 'scotland', population0to17: -1, colour: 'red' })).toEqual([
      { pointer: '/name', message: 'name is required' },
      { pointer: '/colour', message: 'unknown field colour' },
      { pointer: '/nation', message: 'nation must be one of: england, wales' },
      { pointer: '/population0to17', message: 'population0to17 must be at least 0' },
    ]);
  });

  it('checks the reporting cut-off and closure days', () => {
    expect(errorsOf({ ...MINIMAL, reportingCutoffWorkingDays: 31, closureDays: ['2026-12-29', '2026-02-30'] })).toEqual([
      { pointer: '/closureDays/1', message: 'closureDays[1] must be a date YYYY-MM-DD' },
      { pointer: '/reportingCutoffWorkingDays', message: 'reportingCutoffWorkingDays must be at most 30' },
    ]);
    expect(errorsOf({ ...MINIMAL, reportingCutoffWorkingDays: 2.5 })).toEqual([
      { pointer: '/reportingCutoffWorkingDays', message: 'reportingCutoffWorkingDays must be an integer' },
    ]);
  });

  it('explains a bad limit field by field rather than as a failed union', () => {
    expect(errorsOf({ ...MINIMAL, rules: { 'cp-visit': { limit: { n: 0, unit: 'fortnights' } } } })).toEqual([
      { pointer: '/rules/cp-visit/limit/n', message: 'rules.cp-visit.limit.n must be at least 1' },
      {
        pointer: '/rules/cp-visit/limit/unit',
        message: 'rules.cp-visit.limit.unit must be one of: working-days, days, weeks, months, hours',
      },
    ]);
    expect(errorsOf({ ...MINIMAL, rules: { 'cp-visit': { limit: 10 } } })).toEqual([
      { pointer: '/rules/cp-visit/limit', message: 'rules.cp-visit.limit must be a limit {n, unit} or a non-empty array of them' },
    ]);
  });

  it('refuses keys that are not rule ids, and unknown override fields', () => {
    expect(errorsOf({ ...MINIMAL, rules: { 'CP Visit': {}, 'cp-visit': { limt: 1 } } })).toEqual([
      {
        pointer: '/rules/CP Visit',
        message: "rules.CP Visit is not allowed in rules: overrides keyed by rule id (lowercase letters, digits and -), plus custom: the tenant's own rules",
      },
      { pointer: '/rules/cp-visit/limt', message: 'unknown field rules.cp-visit.limt' },
    ]);
  });

  it('checks custom rules', () => {
    const rule = {
      id: 'allocation',
      title: 'Allocation',
      starts: [{ type: 'csc.referral.recieved' }],
      completes: [],
      limit: { n: 5, unit: 'working-days' },
    };
    expect(errorsOf({ ...MINIMAL, rules: { custom: [rule] } })).toEqual([
      {
        pointer: '/rules/custom/0/starts/0/type',
        message: expect.stringMatching(/^rules\.custom\[0\]\.starts\[0\]\.type must be one of: csc\.child\.details-recorded, /),
      },
      { pointer: '/rules/custom/0/completes', message: 'rules.custom[0].completes must have at least 1 items' },
    ]);
    const valid = { ...rule, starts: [{ type: 'csc.referral.received' }], completes: [{ type: 'csc.worker.allocated' }] };
    expect(errorsOf({ ...MINIMAL, rules: { custom: [valid, valid] } })).toEqual([
      { pointer: '/rules/custom/1/id', message: 'rules.custom[1].id repeats the rule id allocation' },
    ]);
  });

  it('checks targets', () => {
    expect(errorsOf({ ...MINIMAL, targets: { 'LAC Children': { target: 1, amberTolerance: 1 }, 'lac.children': { target: 'high' } } })).toEqual([
      {
        pointer: '/targets/LAC Children',
        message: 'targets.LAC Children is not allowed in targets: targets keyed by metric id (e.g. lac.children)',
      },
      { pointer: '/targets/lac.children/amberTolerance', message: 'targets.lac.children.amberTolerance is required' },
      { pointer: '/targets/lac.children/target', message: 'targets.lac.children.target must be a number' },
    ]);
  });

  it('refuses a body that is not an object', () => {
    expect(errorsOf([MINIMAL])).toEqual([{ pointer: '', message: 'the settings must be a JSON object' }]);
  });
});

describe('tenant record and rule overrides', () => {
  it('validates the stored record: settings plus tenant and updatedAt', () => {
    const record = { tenant: 'rotherham', ...MINIMAL, updatedAt: '2026-11-23T12:00:00.000Z' };
    expect(validateTenantRecord(record)).toEqual({ ok: true, value: record });
    expect(validateTenantRecord(MINIMAL)).toEqual({
      ok: false,
      errors: [
        { pointer: '/tenant', message: 'tenant is required' },
        { pointer: '/updatedAt', message: 'updatedAt is required' },
      ],
    });
  });

  it('reads one rule override, never the custom list', () => {
    const rules = { 'cp-visit': { enabled: false }, custom: [] };
    expect(ruleOverride(rules, 'cp-visit')).toEqual({ enabled: false });
    expect(ruleOverride(rules, 'lac-visit')).toBeUndefined();
    expect(ruleOverride(rules, 'custom')).toBeUndefined();
    expect(ruleOverride(undefined, 'cp-visit')).toBeUndefined();
  });
});
