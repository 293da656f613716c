import { evaluateChild } from './deadline-engine';
import { ENGLAND, at, ev, run } from './test-events';

// Hand-computed; bank holidays 2026: 04-03, 04-06, 05-04, 05-25. BST from 2026-03-29.

const visit = (time: string, kind: 'cp' | 'cin' | 'lac', id: string, extra: { seen?: boolean; virtual?: boolean } = {}) =>
  ev('csc.visit.completed', time, { visitId: id, kind, seen: extra.seen ?? true, ...(extra.virtual && { virtual: true }) }, { id });

describe('cp-visit: every 10 working days from the plan start, then from each visit', () => {
  const plan = ev('csc.cp-plan.started', '2026-02-02', { cpPlanId: 'P1', category: 'NEG' }, { id: 'plan1' });

  it('opens on the plan start: due end of Mon 2026-02-16, due-soon from Thu 12 Feb', () => {
    const [d] = evaluateChild([plan], ENGLAND, { now: at('2026-02-11T12:00:00Z') });
    expect(d).toMatchObject({
      rule: 'cp-visit',
      state: 'open',
      startedAt: at('2026-02-02T00:00:00Z'),
      dueAt: at('2026-02-16T23:59:59Z'),
      warnAt: at('2026-02-12T00:00:00Z'),
      explain: 'Child protection visit: 10 working days after the start of the child protection plan on 2026-02-02; due by the end of 2026-02-16',
    });
    expect(run([plan], 'cp-visit', '2026-02-12T00:00:00Z')[0].state).toBe('due-soon');
    expect(run([plan], 'cp-visit', '2026-02-16T23:59:59Z')[0].state).toBe('due-soon');
    expect(run([plan], 'cp-visit', '2026-02-17T00:00:00Z')[0].state).toBe('overdue');
  });

  it('recurs from each visit that met or late-met the previous clock', () => {
    const events = [plan, visit('2026-02-10T10:00:00Z', 'cp', 'v1'), visit('2026-02-26T10:00:00Z', 'cp', 'v2')];
    expect(run(events, 'cp-visit', '2026-03-02T00:00:00Z')).toEqual([
      { state: 'met', start: '2026-02-02', due: '2026-02-16', limit: '10 working-days', metBy: 'v1' },
      { state: 'met-late', start: '2026-02-10', due: '2026-02-24', limit: '10 working-days', metBy: 'v2' },
      { state: 'open', start: '2026-02-26', due: '2026-03-12', limit: '10 working-days' },
    ]);
    const chained = evaluateChild(events, ENGLAND, { now: at('2026-03-02T00:00:00Z') });
    expect(chained[1].explain).toBe('Child protection visit: 10 working days after the visit on 2026-02-10; due by the end of 2026-02-24');
  });

  it('is not met by a visit where the child was not seen, of another kind, or virtual', () => {
    const misses = [
      plan,
      visit('2026-02-05', 'cp', 'unseen', { seen: false }),
      visit('2026-02-06', 'cin', 'cin'),
      visit('2026-02-09', 'cp', 'virtual', { virtual: true }),
    ];
    expect(run(misses, 'cp-visit', '2026-02-17T00:00:00Z').map((d) => d.state)).toEqual(['overdue']);
  });

  it('counts virtual visits where the tenant allows them', () => {
    const tenant = { nation: 'england' as const, rules: { 'cp-visit': { allowVirtual: true } } };
    const events = [plan, visit('2026-02-09', 'cp', 'virtual', { virtual: true })];
    expect(run(events, 'cp-visit', '2026-02-10T00:00:00Z', tenant).map((d) => d.state)).toEqual(['met', 'open']);
  });

  it('is cancelled when the plan ends, and opens nothing after', () => {
    const end = ev('csc.cp-plan.ended', '2026-02-20', { cpPlanId: 'P1' }, { id: 'end1' });
    const events = [plan, visit('2026-02-10', 'cp', 'v1'), end, visit('2026-02-25', 'cp', 'v2')];
    expect(run(events, 'cp-visit', '2026-03-30T00:00:00Z')).toEqual([
      { state: 'met', start: '2026-02-02', due: '2026-02-16', limit: '10 working-days', metBy: 'v1' },
      { state: 'cancelled', start: '2026-02-10', due: '2026-02-24', limit: '10 working-days', cancelledBy: 'end1' },
    ]);
  });
  it('keeps a new plan that starts the day the previous one ends', () => {
    const end = ev('csc.cp-plan.ended', '2026-02-20', { cpPlanId: 'P1' }, { id: 'end1' });
    const next = ev('csc.cp-plan.started', '2026-02-20', { cpPlanId: 'P2', category: 'EMO' }, { id: 'plan2' });
    expect(run([plan, end, next], 'cp-visit', '2026-02-23T00:00:00Z')).toEqual([
      // The new plan's start closes the old clock first (same instant: starts before cancels).
      { state: 'cancelled', start: '2026-02-02', due: '2026-02-16', limit: '10 working-days', cancelledBy: 'plan2' },
      { state: 'open', start: '2026-02-20', due: '2026-03-06', limit: '10 working-days' },
    ]);
  });
});

describe('cp-review: 3 months from an ICPC that made a plan, then every 6 months', () => {
  const icpc = ev('csc.icpc.held', '2026-11-30', { conferenceId: 'IC1', outcome: 'cp-plan' }, { id: 'icpc1' });
  const review = (date: string, id: string) => ev('csc.cp-review.held', date, { cpPlanId: 'P1', outcome: 'continue' }, { id });

  it('opens on the conference: 3 months clamped to Sun 2027-02-28, due-soon from Thu 25 Feb', () => {
    const [d] = evaluateChild([icpc], ENGLAND, { now: at('2027-02-24T23:59:59Z') });
    expect(d).toMatchObject({
      rule: 'cp-review',
      state: 'open',
      dueAt: at('2027-02-28T23:59:59Z'),
      warnAt: at('2027-02-25T00:00:00Z'),
      explain: 'Child protection review conference: 3 months after the initial child protection conference on 2026-11-30; due by the end of 2027-02-28',
    });
    expect(run([icpc], 'cp-review', '2027-02-25T00:00:00Z')[0].state).toBe('due-soon');
    expect(run([icpc], 'cp-review', '2027-03-01T00:00:00Z')[0].state).toBe('overdue');
  });

  it('opens nothing when the conference made no plan', () => {
    const noPlan = ev('csc.icpc.held', '2026-11-30', { conferenceId: 'IC2', outcome: 'no-plan' });
    expect(run([noPlan], 'cp-review', '2027-06-01T00:00:00Z')).toEqual([]);
  });

  it('steps from 3 months to 6 months, each from the review that met (or late-met) the last', () => {
    const events = [icpc, review('2027-02-25', 'r1'), review('2027-08-26', 'r2')];
    expect(run(events, 'cp-review', '2027-09-01T00:00:00Z')).toEqual([
      { state: 'met', start: '2026-11-30', due: '2027-02-28', limit: '3 months', metBy: 'r1' },
      { state: 'met-late', start: '2027-02-25', due: '2027-08-25', limit: '6 months', metBy: 'r2' },
      { state: 'open', start: '2027-08-26', due: '2028-02-26', limit: '6 months' },
    ]);
    const [, second] = evaluateChild(events, ENGLAND, { now: at('2027-09-01T00:00:00Z') });
    expect(second.dueAt).toBe(at('2027-08-25T23:59:59+01:00'));
  });

  it('is cancelled when the plan ends', () => {
    const end = ev('csc.cp-plan.ended', '2027-01-15', { cpPlanId: 'P1' }, { id: 'end1' });
    expect(run([icpc, end], 'cp-review', '2027-06-01T00:00:00Z')).toEqual([
      { state: 'cancelled', start: '2026-11-30', due: '2027-02-28', limit: '3 months', cancelledBy: 'end1' },
    ]);
  });
});

describe('cin-visit: every 20 working days from the plan start, then from each visit', () => {
  const plan = ev('csc.cin-plan.started', '2026-04-01', { cinPlanId: 'N1' }, { id: 'cin1' });

  it('opens on the plan start, skipping Easter: due end of Fri 2026-05-01 (BST)', () => {
    const [d] = evaluateChild([plan], ENGLAND, { now: at('2026-04-28T12:00:00Z') });
    expect(d).toMatchObject({
      rule: 'cin-visit',
      state: 'open',
      dueAt: at('2026-05-01T23:59:59+01:00'),
      warnAt: at('2026-04-29T00:00:00+01:00'),
      explain:
        'Child in need visit: 20 working days after the start of the child in need plan on 2026-04-01, ' +
        'skipping 2026-04-03 (Good Friday), 2026-04-06 (Easter Monday); due by the end of 2026-05-01',
    });
    expect(run([plan], 'cin-visit', '2026-04-29T00:00:00+01:00')[0].state).toBe('due-soon');
    expect(run([plan], 'cin-visit', '2026-05-02T00:00:00+01:00')[0].state).toBe('overdue');
  });

  it('recurs from each visit (a virtual one counts: not a statutory visit), met late after the due day', () => {
    const events = [plan, visit('2026-04-20', 'cin', 'v1', { virtual: true }), visit('2026-05-20', 'cin', 'v2')];
    expect(run(events, 'cin-visit', '2026-05-21T00:00:00Z')).toEqual([
      { state: 'met', start: '2026-04-01', due: '2026-05-01', limit: '20 working-days', metBy: 'v1' },
      { state: 'met-late', start: '2026-04-20', due: '2026-05-19', limit: '20 working-days', metBy: 'v2' },
      { state: 'open', start: '2026-05-20', due: '2026-06-18', limit: '20 working-days' },
    ]);
  });

  it('does not count virtual visits where the tenant says so, nor unseen or CP visits', () => {
    const tenant = { nation: 'england' as const, rules: { 'cin-visit': { allowVirtual: false } } };
    const events = [
      plan,
      visit('2026-04-20', 'cin', 'v1', { virtual: true }),
      visit('2026-04-21', 'cin', 'v2', { seen: false }),
      visit('2026-04-22', 'cp', 'v3'),
    ];
    expect(run(events, 'cin-visit', '2026-05-02T00:00:00+01:00', tenant).map((d) => d.state)).toEqual(['overdue']);
  });

  it('is cancelled when the plan ends', () => {
    const end = ev('csc.cin-plan.ended', '2026-04-15', { cinPlanId: 'N1' }, { id: 'end1' });
    expect(run([plan, end], 'cin-visit', '2026-06-01T00:00:00Z')).toEqual([
      { state: 'cancelled', start: '2026-04-01', due: '2026-05-01', limit: '20 working-days', cancelledBy: 'end1' },
    ]);
  });
});
