import type { CustomRule } from '@casewatch/contracts';
import { TimescalesError } from '../errors';
import { DEFAULT_RULES } from './default-rules';
import { evaluateChild } from './deadline-engine';
import { effectiveRules, resolveRules } from './effective-rules';
import { ENGLAND, WALES, at, ev, run } from './test-events';
import type { TenantRuleConfig } from './types';

const limitsOf = (tenant: TenantRuleConfig, date: string, id: string) => effectiveRules(tenant, date).find((r) => r.id === id)?.limits;

describe('default rules as data', () => {
  it('are the eleven rules of timescales.md, one definition each', () => {
    expect(DEFAULT_RULES.map((r) => r.id)).toEqual([
      'contact-decision',
      'assessment',
      'icpc',
      'cp-visit',
      'cp-review',
      'cin-visit',
      'lac-visit',
      'lac-review',
      'initial-health-assessment',
      'pep',
      'return-interview',
    ]);
  });

  it('differ in Wales: assessment 42 working days, no return interview', () => {
    expect(limitsOf(ENGLAND, '2026-01-01', 'assessment')).toEqual([{ n: 45, unit: 'working-days' }]);
    expect(limitsOf(WALES, '2026-01-01', 'assessment')).toEqual([{ n: 42, unit: 'working-days' }]);
    expect(effectiveRules(ENGLAND, '2026-01-01').map((r) => r.id)).toContain('return-interview');
    expect(effectiveRules(WALES, '2026-01-01').map((r) => r.id)).not.toContain('return-interview');
    expect(effectiveRules(WALES, '2026-01-01')).toHaveLength(10);
  });

  it('keep their stepped limits', () => {
    expect(limitsOf(ENGLAND, '2026-01-01', 'lac-review')).toEqual([
      { n: 20, unit: 'working-days' },
      { n: 3, unit: 'months' },
      { n: 6, unit: 'months' },
    ]);
    expect(limitsOf(ENGLAND, '2026-01-01', 'pep')).toEqual([
      { n: 20, unit: 'working-days' },
      { n: 6, unit: 'months' },
    ]);
  });
});

describe('effective-dated overrides: CP visits every 15 working days from 2026-03-01', () => {
  const tenant: TenantRuleConfig = {
    nation: 'england',
    rules: { 'cp-visit': { limit: { n: 15, unit: 'working-days' }, effectiveFrom: '2026-03-01' } },
  };

  it('apply to clocks that start on or after the date', () => {
    expect(limitsOf(tenant, '2026-02-28', 'cp-visit')).toEqual([{ n: 10, unit: 'working-days' }]);
    expect(limitsOf(tenant, '2026-03-01', 'cp-visit')).toEqual([{ n: 15, unit: 'working-days' }]);
  });

  it('leave earlier clocks at 10 working days', () => {
    const visit = (date: string, id: string) => ev('csc.visit.completed', date, { visitId: id, kind: 'cp', seen: true }, { id });
    const events = [
      ev('csc.cp-plan.started', '2026-02-02', { cpPlanId: 'P1', category: 'EMO' }),
      visit('2026-02-10', 'v1'),
      visit('2026-02-26', 'v2'),
      visit('2026-03-05', 'v3'),
    ];
    expect(run(events, 'cp-visit', '2026-03-06T00:00:00Z', tenant)).toEqual([
      { state: 'met', start: '2026-02-02', due: '2026-02-16', limit: '10 working-days', metBy: 'v1' },
      { state: 'met-late', start: '2026-02-10', due: '2026-02-24', limit: '10 working-days', metBy: 'v2' },
      { state: 'met', start: '2026-02-26', due: '2026-03-12', limit: '10 working-days', metBy: 'v3' },
      { state: 'open', start: '2026-03-05', due: '2026-03-26', limit: '15 working-days' },
    ]);
  });
});

describe('rules switched off', () => {
  const plan = ev('csc.cp-plan.started', '2026-02-02', { cpPlanId: 'P1', category: 'EMO' });
  const v1 = ev('csc.visit.completed', '2026-02-10', { visitId: 'v1', kind: 'cp', seen: true }, { id: 'v1' });
  const v2 = ev('csc.visit.completed', '2026-02-26', { visitId: 'v2', kind: 'cp', seen: true }, { id: 'v2' });

  it('open no clocks', () => {
    const off: TenantRuleConfig = { nation: 'england', rules: { 'cp-visit': { enabled: false } } };
    expect(run([plan, v1], 'cp-visit', '2026-03-01T00:00:00Z', off)).toEqual([]);
    expect(effectiveRules(off, '2026-01-01').map((r) => r.id)).not.toContain('cp-visit');
  });

  it('from a date: clocks that started before it run on, none opens after it', () => {
    const offFrom: TenantRuleConfig = { nation: 'england', rules: { 'cp-visit': { enabled: false, effectiveFrom: '2026-02-20' } } };
    expect(run([plan, v1, v2], 'cp-visit', '2026-04-01T00:00:00Z', offFrom).map((d) => d.state)).toEqual(['met', 'met-late']);
  });
});

describe('other overrides', () => {
  const sd = ev('csc.strategy-discussion.held', '2026-12-18', { strategyId: 'S1', outcome: 's47' });

  it('re-limit a rule, stepped or not', () => {
    const tenant: TenantRuleConfig = {
      nation: 'england',
      rules: {
        'cp-review': {
          limit: [
            { n: 2, unit: 'months' },
            { n: 4, unit: 'months' },
          ],
        },
      },
    };
    expect(limitsOf(tenant, '2026-01-01', 'cp-review')).toEqual([
      { n: 2, unit: 'months' },
      { n: 4, unit: 'months' },
    ]);
  });

  it('change the warning: 5 working days before; or none at all (n = 0)', () => {
    const early: TenantRuleConfig = { nation: 'england', rules: { icpc: { warnBefore: { n: 5, unit: 'working-days' } } } };
    expect(evaluateChild([sd], early, { now: at('2027-01-06T00:00:00Z') })[0]).toMatchObject({
      warnAt: at('2027-01-06T00:00:00Z'),
      state: 'due-soon',
    });
    const none: TenantRuleConfig = { nation: 'england', rules: { icpc: { warnBefore: { n: 0, unit: 'working-days' } } } };
    const [d] = evaluateChild([sd], none, { now: at('2027-01-13T23:59:59Z') });
    expect(d).toMatchObject({ warnAt: at('2027-01-13T23:59:59Z'), state: 'open' });
  });

  it('for an unknown rule id are ignored; a bad limit is refused', () => {
    expect(resolveRules({ nation: 'england', rules: { 'no-such-rule': { enabled: false } } })).toHaveLength(11);
    const bad = { nation: 'england', rules: { icpc: { limit: { n: -1, unit: 'days' } } } } as unknown as TenantRuleConfig;
    expect(() => resolveRules(bad)).toThrow(TimescalesError);
  });
});

describe('a custom rule: allocation within 5 working days of a referral', () => {
  const allocation: CustomRule = {
    id: 'allocation',
    title: 'Allocation',
    starts: [{ type: 'csc.referral.received' }],
    completes: [{ type: 'csc.worker.allocated' }],
    cancels: [{ type: 'csc.referral.closed', sameAs: ['referralId'] }],
    limit: { n: 5, unit: 'working-days' },
  };
  const tenant: TenantRuleConfig = { nation: 'england', rules: { custom: [allocation] } };
  const referral = ev('csc.referral.received', '2026-03-02', { referralId: 'R1' }, { id: 'ref1' });
  const allocated = ev('csc.worker.allocated', '2026-03-06T15:00:00Z', { workerId: 'SW12', teamId: 'T4' }, { id: 'al1' });

  it('opens, is met and names the worker who now holds the case', () => {
    const [d] = evaluateChild([referral, allocated], tenant, { now: at('2026-03-10T00:00:00Z') }).filter((x) => x.rule === 'allocation');
    expect(d).toMatchObject({
      state: 'met',
      dueAt: at('2026-03-09T23:59:59Z'),
      metAt: at('2026-03-06T15:00:00Z'),
      metBy: 'al1',
      teamId: 'T4',
      workerId: 'SW12',
      explain: 'Allocation: 5 working days after the referral on 2026-03-02; due by the end of 2026-03-09',
    });
    expect(run([referral], 'allocation', '2026-03-10T00:00:00Z', tenant)[0].state).toBe('overdue');
  });

  it('is cancelled by the closure of that referral only', () => {
    const other = ev('csc.referral.closed', '2026-03-03', { referralId: 'R2' });
    const own = ev('csc.referral.closed', '2026-03-04', { referralId: 'R1' }, { id: 'close1' });
    expect(run([referral, other, own], 'allocation', '2026-03-10T00:00:00Z', tenant)).toEqual([
      { state: 'cancelled', start: '2026-03-02', due: '2026-03-09', limit: '5 working-days', cancelledBy: 'close1' },
    ]);
  });

  it('applies from its own effectiveFrom', () => {
    const later: TenantRuleConfig = { nation: 'england', rules: { custom: [{ ...allocation, effectiveFrom: '2026-03-05' }] } };
    const second = ev('csc.referral.received', '2026-03-09', { referralId: 'R2' });
    expect(run([referral, second], 'allocation', '2026-03-10T00:00:00Z', later)).toEqual([
      { state: 'open', start: '2026-03-09', due: '2026-03-16', limit: '5 working-days' },
    ]);
  });

  it('takes an override keyed by its id, like a default rule', () => {
    const relimited: TenantRuleConfig = { nation: 'england', rules: { custom: [allocation], allocation: { limit: { n: 3, unit: 'working-days' } } } };
    expect(run([referral], 'allocation', '2026-03-03T00:00:00Z', relimited)).toEqual([
      { state: 'due-soon', start: '2026-03-02', due: '2026-03-05', limit: '3 working-days' },
    ]);
  });

  it('replaces a default rule of the same id', () => {
    const own: CustomRule = { ...allocation, id: 'icpc', title: 'Our ICPC' };
    const rules = resolveRules({ nation: 'england', rules: { custom: [own] } });
    expect(rules.filter((r) => r.id === 'icpc').map((r) => r.title)).toEqual(['Our ICPC']);
  });
});
