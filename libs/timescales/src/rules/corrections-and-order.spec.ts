import { evaluateChild } from './deadline-engine';
import { deadlineIdOf, deadlineState, nextStateChangeAt } from './deadline-output';
import { ENGLAND, SOURCE, at, ev, run } from './test-events';

// A CP plan from Mon 2026-02-02: first visit due end of Mon 2026-02-16 (10 working days).
const plan = ev('csc.cp-plan.started', '2026-02-02', { cpPlanId: 'P1', category: 'NEG' }, { id: 'plan1', recordedtime: '2026-02-02T17:00:00Z' });
const visit = (time: string, id: string, env: { recordedtime?: string; supersedes?: string } = {}) =>
  ev('csc.visit.completed', time, { visitId: id, kind: 'cp', seen: true }, { id, ...env });
const retract = (id: string, recordedtime: string, source = SOURCE) =>
  ev('csc.event.retracted', '2026-02-20', { id }, { id: `retract-${id}`, recordedtime, source });

describe('retractions and corrections', () => {
  const v1 = visit('2026-02-10', 'v1', { recordedtime: '2026-02-10T18:00:00Z' });

  it('a retracted event does not count; a retraction from another source retracts nothing', () => {
    expect(run([plan, v1, retract('v1', '2026-02-20T09:00:00Z')], 'cp-visit', '2026-02-21T00:00:00Z')).toEqual([
      { state: 'overdue', start: '2026-02-02', due: '2026-02-16', limit: '10 working-days' },
    ]);
    const elsewhere = retract('v1', '2026-02-20T09:00:00Z', 'urn:la:372:other');
    // The clock from v1 (due Tue 24 Feb) is due-soon from Fri 20 Feb.
    expect(run([plan, v1, elsewhere], 'cp-visit', '2026-02-21T00:00:00Z').map((d) => d.state)).toEqual(['met', 'due-soon']);
  });

  it('a superseded event does not count, its correction does; retracting the correction restores it', () => {
    const fix = visit('2026-02-18', 'v1b', { supersedes: 'v1', recordedtime: '2026-02-19T09:00:00Z' });
    expect(run([plan, v1, fix], 'cp-visit', '2026-02-21T00:00:00Z')).toEqual([
      { state: 'met-late', start: '2026-02-02', due: '2026-02-16', limit: '10 working-days', metBy: 'v1b' },
      { state: 'open', start: '2026-02-18', due: '2026-03-04', limit: '10 working-days' },
    ]);
    const undo = retract('v1b', '2026-02-20T09:00:00Z');
    expect(run([plan, v1, fix, undo], 'cp-visit', '2026-02-21T00:00:00Z')[0]).toMatchObject({ state: 'met', metBy: 'v1' });
  });

  it('asAt: only what was recorded by then counts, retractions included', () => {
    const events = [plan, v1, retract('v1', '2026-02-20T09:00:00Z')];
    expect(run(events, 'cp-visit', '2026-02-21T00:00:00Z', ENGLAND, '2026-02-19T00:00:00Z')[0].state).toBe('met');
    expect(run(events, 'cp-visit', '2026-02-21T00:00:00Z', ENGLAND, '2026-02-20T09:00:00Z')[0].state).toBe('overdue');
    expect(run(events, 'cp-visit', '2026-02-21T00:00:00Z', ENGLAND, '2026-02-02T16:59:59Z')).toEqual([]);
  });
});

describe('late and backdated events', () => {
  const late = visit('2026-02-13T11:00:00Z', 'late', { recordedtime: '2026-02-20T09:00:00Z' });

  it('a visit recorded after the due date but dated before it turns the overdue deadline into met', () => {
    const before = evaluateChild([plan, late], ENGLAND, { now: at('2026-02-18T00:00:00Z'), asAt: at('2026-02-18T00:00:00Z') });
    const after = evaluateChild([plan, late], ENGLAND, { now: at('2026-02-21T00:00:00Z') });
    expect(before.map((d) => d.state)).toEqual(['overdue']);
    expect(after[0]).toMatchObject({ state: 'met', metAt: at('2026-02-13T11:00:00Z'), metBy: 'late' });
    expect(after[0].deadlineId).toBe(before[0].deadlineId);
  });

  it('a backdated start opens a deadline that is already overdue', () => {
    const backdated = ev('csc.cp-plan.started', '2026-01-05', { cpPlanId: 'P0', category: 'NEG' }, { recordedtime: '2026-03-01T10:00:00Z' });
    expect(run([backdated], 'cp-visit', '2026-03-01T10:00:00Z')).toEqual([
      { state: 'overdue', start: '2026-01-05', due: '2026-01-19', limit: '10 working-days' },
    ]);
  });

  it('a completion dated before the clock started does not meet it', () => {
    expect(run([visit('2026-01-30', 'early'), plan], 'cp-visit', '2026-02-17T00:00:00Z').map((d) => d.state)).toEqual(['overdue']);
  });

  it('events dated after `now` have not happened yet', () => {
    const events = [plan, visit('2026-02-12', 'v1')];
    expect(run(events, 'cp-visit', '2026-02-11T12:00:00Z').map((d) => d.state)).toEqual(['open']);
    expect(run(events, 'cp-visit', '2026-02-12T12:00:00Z').map((d) => d.state)).toEqual(['met', 'open']);
  });
});

describe('order', () => {
  const events = [
    plan,
    visit('2026-02-10T09:00:00Z', 'v1'),
    visit('2026-02-20T09:00:00Z', 'v2'),
    ev('csc.worker.allocated', '2026-02-03', { workerId: 'SW1', teamId: 'T1' }),
    ev('csc.icpc.held', '2026-01-30', { conferenceId: 'IC1', outcome: 'cp-plan' }, { id: 'icpc1' }),
    ev('csc.cp-review.held', '2026-04-20', { cpPlanId: 'P1', outcome: 'continue' }, { id: 'rev1' }),
  ];

  it('is practice time, whatever the arrival order', () => {
    const now = { now: at('2026-05-01T00:00:00Z') };
    const expected = evaluateChild(events, ENGLAND, now);
    expect(expected.map((d) => `${d.rule} ${d.startDate} ${d.state}`)).toEqual([
      'cp-review 2026-01-30 met',
      'cp-visit 2026-02-02 met',
      'cp-visit 2026-02-10 met',
      'cp-visit 2026-02-20 overdue',
      'cp-review 2026-04-20 open',
    ]);
    expect(evaluateChild([...events].reverse(), ENGLAND, now)).toEqual(expected);
    expect(evaluateChild([events[3], events[1], events[5], events[0], events[4], events[2]], ENGLAND, now)).toEqual(expected);
  });

  it('on the same instant: starts, then completions, then cancels, whatever the recorded order', () => {
    const closed = ev('csc.referral.closed', '2026-09-07', { referralId: 'R1' }, { id: 'close1', recordedtime: '2026-09-07T08:00:00Z' });
    const received = ev('csc.referral.received', '2026-09-07', { referralId: 'R1' }, { recordedtime: '2026-09-07T09:00:00Z' });
    expect(run([closed, received], 'assessment', '2026-09-08T00:00:00Z')[0]).toMatchObject({ state: 'cancelled', cancelledBy: 'close1' });
    const decided = ev('csc.contact.decided', '2026-09-07', { contactId: 'K1', outcome: 'nfa' }, { id: 'd1', recordedtime: '2026-09-07T08:00:00Z' });
    const contact = ev('csc.contact.received', '2026-09-07', { contactId: 'K1' }, { recordedtime: '2026-09-07T09:00:00Z' });
    expect(run([decided, contact], 'contact-decision', '2026-09-08T00:00:00Z')[0]).toMatchObject({ state: 'met', metBy: 'd1' });
  });

  it('counts an event sent twice once', () => {
    const twice = [plan, visit('2026-02-10', 'v1'), visit('2026-02-10', 'v1'), plan];
    expect(run(twice, 'cp-visit', '2026-02-11T00:00:00Z').map((d) => d.state)).toEqual(['met', 'open']);
  });
});

describe('deadline ids', () => {
  const sd = ev('csc.strategy-discussion.held', '2026-12-18', { strategyId: 'S1', outcome: 's47' }, { id: 'sd1' });

  it('derive from tenant, subject, rule and the anchor event, and never change', () => {
    const [d] = evaluateChild([sd], ENGLAND, { now: at('2027-01-01T00:00:00Z') });
    expect(d.deadlineId).toBe(deadlineIdOf('demo', 'C1', 'icpc', SOURCE, 'sd1'));
    expect(d.deadlineId).toBe('icpc.ef087d8b6181a4f6e0b83d7f80504c27'); // pinned: ids are stored
    expect(deadlineIdOf('demo', 'C2', 'icpc', SOURCE, 'sd1')).not.toBe(d.deadlineId);
    expect(deadlineIdOf('other', 'C1', 'icpc', SOURCE, 'sd1')).not.toBe(d.deadlineId);
  });

  it('are the same on every recomputation, as later events arrive', () => {
    const first = evaluateChild([plan], ENGLAND, { now: at('2026-02-05T00:00:00Z') });
    const later = evaluateChild([visit('2026-02-10', 'v1'), plan], ENGLAND, { now: at('2026-02-20T00:00:00Z') });
    expect(later[0].deadlineId).toBe(first[0].deadlineId);
    expect(later[1].deadlineId).toBe(deadlineIdOf('demo', 'C1', 'cp-visit', SOURCE, 'v1'));
    expect(new Set(later.map((d) => d.deadlineId)).size).toBe(2);
  });
});

describe('who holds the case', () => {
  const start = ev('csc.cin-plan.started', '2026-04-01', { cinPlanId: 'N1', teamId: 'T0', workerId: 'SW0' });
  const alloc = ev('csc.worker.allocated', '2026-04-02', { workerId: 'SW1', teamId: 'T1' });
  const unalloc = ev('csc.worker.unallocated', '2026-04-10', { workerId: 'SW1' });
  const holder = (events: Parameters<typeof evaluateChild>[0], now: string) => {
    const [d] = evaluateChild(events, ENGLAND, { now: at(now) });
    return { teamId: d.teamId, workerId: d.workerId };
  };

  it('is the latest allocation at `now`, else the anchor event’s team and worker', () => {
    expect(holder([start, alloc, unalloc], '2026-04-01T12:00:00Z')).toEqual({ teamId: 'T0', workerId: 'SW0' });
    expect(holder([start, alloc, unalloc], '2026-04-05T00:00:00Z')).toEqual({ teamId: 'T1', workerId: 'SW1' });
    expect(holder([start, alloc, unalloc], '2026-04-11T00:00:00Z')).toEqual({ teamId: 'T1', workerId: undefined });
  });
});

describe('deadlineState and nextStateChangeAt', () => {
  const d = { dueAt: 1000, warnAt: 500 };
  it('follow the lifecycle of timescales.md', () => {
    expect([499, 500, 1000, 1001].map((now) => deadlineState(d, now))).toEqual(['open', 'due-soon', 'due-soon', 'overdue']);
    expect(deadlineState({ ...d, metAt: 1000 }, 5000)).toBe('met');
    expect(deadlineState({ ...d, metAt: 1001 }, 5000)).toBe('met-late');
    expect(deadlineState({ ...d, cancelledAt: 900 }, 5000)).toBe('cancelled');
    expect(nextStateChangeAt({ ...d, state: 'open' })).toBe(500);
    expect(nextStateChangeAt({ ...d, state: 'due-soon' })).toBe(1001);
    expect(nextStateChangeAt({ dueAt: 1000, warnAt: 1000, state: 'open' })).toBe(1001);
    expect(nextStateChangeAt({ ...d, state: 'overdue' })).toBeUndefined();
  });
});
