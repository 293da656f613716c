import { evaluateChild } from './deadline-engine';
import { ENGLAND, WALES, at, ev, run } from './test-events';

// Hand-computed with the England-and-Wales bank holidays: 2026-04-03, 04-06, 05-04, 05-25, 08-31,
// 12-25, 12-28; 2027-01-01. BST: 2026-03-29 to 10-25.

describe('contact-decision: 1 working day, same contactId', () => {
  const received = ev('csc.contact.received', '2026-12-24T14:00:00Z', { contactId: 'K1' }, { id: 'c1' });
  const decided = (time: string, contactId = 'K1') => ev('csc.contact.decided', time, { contactId, outcome: 'referral' }, { id: 'd1' });

  it('opens on the contact, skipping Christmas, the weekend and the Boxing Day substitute', () => {
    const [d] = evaluateChild([received], ENGLAND, { now: at('2026-12-24T15:00:00Z') });
    expect(d).toMatchObject({
      rule: 'contact-decision',
      state: 'due-soon', // the 2-working-day warning starts before the clock: due-soon at once
      startedAt: at('2026-12-24T14:00:00Z'),
      startDate: '2026-12-24',
      dueDate: '2026-12-29',
      dueAt: at('2026-12-29T23:59:59Z'),
      warnAt: at('2026-12-23T00:00:00Z'),
      explain:
        'Contact decision: 1 working day after the contact on 2026-12-24, skipping 2026-12-25 (Christmas Day), ' +
        '2026-12-28 (Boxing Day (substitute day)); due by the end of 2026-12-29',
    });
  });

  it('is met by a decision on the same contact by the end of the due day, met late after', () => {
    expect(run([received, decided('2026-12-29T23:59:59Z')], 'contact-decision', '2027-01-05T00:00:00Z')).toEqual([
      { state: 'met', start: '2026-12-24', due: '2026-12-29', limit: '1 working-days', metBy: 'd1' },
    ]);
    expect(run([received, decided('2026-12-30T00:00:00Z')], 'contact-decision', '2027-01-05T00:00:00Z')).toEqual([
      { state: 'met-late', start: '2026-12-24', due: '2026-12-29', limit: '1 working-days', metBy: 'd1' },
    ]);
  });

  it('is overdue by the clock, and not met by a decision on another contact', () => {
    expect(run([received], 'contact-decision', '2026-12-29T23:59:59Z')[0].state).toBe('due-soon');
    expect(run([received], 'contact-decision', '2026-12-30T00:00:00Z')[0].state).toBe('overdue');
    expect(run([received, decided('2026-12-29T10:00:00Z', 'K2')], 'contact-decision', '2026-12-30T00:00:00Z')[0].state).toBe('overdue');
  });

  it('has no cancelling event, does not recur, and opens one clock per contactId', () => {
    const again = ev('csc.contact.received', '2026-12-24T16:00:00Z', { contactId: 'K1' }, { id: 'c2' });
    const closed = ev('csc.referral.closed', '2026-12-24T17:00:00Z', { referralId: 'K1' });
    const out = run([received, again, closed, decided('2026-12-29T09:00:00Z')], 'contact-decision', '2027-03-01T00:00:00Z');
    expect(out).toEqual([{ state: 'met', start: '2026-12-24', due: '2026-12-29', limit: '1 working-days', metBy: 'd1' }]);
  });
});

describe('assessment: 45 working days from the referral (42 in Wales)', () => {
  const referral = ev('csc.referral.received', '2026-09-07', { referralId: 'R1' }, { id: 'ref1' });
  const started = (assessmentId: string, referralId?: string) =>
    ev('csc.assessment.started', '2026-09-08', referralId ? { assessmentId, referralId } : { assessmentId });
  const completed = (time: string, assessmentId = 'A1') =>
    ev('csc.assessment.completed', time, { assessmentId, outcome: 'cin' }, { id: `done-${assessmentId}` });

  it('opens on the referral: due end of Mon 2026-11-09 (GMT again), due-soon from Thu 5 Nov', () => {
    const [d] = evaluateChild([referral], ENGLAND, { now: at('2026-11-04T23:00:00Z') });
    expect(d).toMatchObject({
      state: 'open',
      startedAt: at('2026-09-07T00:00:00+01:00'),
      dueAt: at('2026-11-09T23:59:59Z'),
      warnAt: at('2026-11-05T00:00:00Z'),
      explain: 'Assessment: 45 working days after the referral on 2026-09-07; due by the end of 2026-11-09',
    });
    expect(run([referral], 'assessment', '2026-11-05T08:00:00Z')[0].state).toBe('due-soon');
    expect(run([referral], 'assessment', '2026-11-10T00:00:00Z')[0].state).toBe('overdue');
  });

  it('is 42 working days in Wales: due Wed 2026-11-04', () => {
    expect(run([referral], 'assessment', '2026-09-08T00:00:00Z', WALES)).toEqual([
      { state: 'open', start: '2026-09-07', due: '2026-11-04', limit: '42 working-days' },
    ]);
  });

  it('is met by an assessment started for that referral; met late after the due day', () => {
    const onTime = [referral, started('A1', 'R1'), completed('2026-11-09T17:00:00Z')];
    expect(run(onTime, 'assessment', '2026-12-01T00:00:00Z')).toEqual([
      { state: 'met', start: '2026-09-07', due: '2026-11-09', limit: '45 working-days', metBy: 'done-A1' },
    ]);
    const late = [referral, started('A1', 'R1'), completed('2026-11-10')];
    expect(run(late, 'assessment', '2026-12-01T00:00:00Z')[0]).toMatchObject({ state: 'met-late', metBy: 'done-A1' });
  });

  it('is not met by an assessment started for another referral; is met by the next unlinked one', () => {
    const other = [referral, started('A2', 'R2'), completed('2026-10-01', 'A2')];
    expect(run(other, 'assessment', '2026-10-02T00:00:00Z')[0].state).toBe('open');
    const unlinked = [referral, started('A3'), completed('2026-10-01', 'A3')];
    expect(run(unlinked, 'assessment', '2026-10-02T00:00:00Z')[0]).toMatchObject({ state: 'met', metBy: 'done-A3' });
    const noStart = [referral, completed('2026-10-01', 'A4')];
    expect(run(noStart, 'assessment', '2026-10-02T00:00:00Z')[0]).toMatchObject({ state: 'met', metBy: 'done-A4' });
  });

  it('is cancelled when that referral closes, not when another does; does not recur', () => {
    const closeOther = ev('csc.referral.closed', '2026-09-20', { referralId: 'R2' });
    const close = ev('csc.referral.closed', '2026-09-21', { referralId: 'R1', reason: 'RC8' }, { id: 'close1' });
    expect(run([referral, closeOther, close], 'assessment', '2026-12-01T00:00:00Z')).toEqual([
      { state: 'cancelled', start: '2026-09-07', due: '2026-11-09', limit: '45 working-days', cancelledBy: 'close1' },
    ]);
  });
});

describe('icpc: 15 working days from the strategy discussion that started s47', () => {
  const sd = ev('csc.strategy-discussion.held', '2026-12-18T11:00:00Z', { strategyId: 'S1', outcome: 's47' }, { id: 'sd1' });
  const icpc = (time: string) => ev('csc.icpc.held', time, { conferenceId: 'IC1', outcome: 'no-plan' }, { id: 'icpc1' });

  it('is the timescales.md example: Fri 2026-12-18 → end of Wed 2027-01-13, due-soon from Mon 11 Jan', () => {
    const [d] = evaluateChild([sd], ENGLAND, { now: at('2027-01-10T12:00:00Z') });
    expect(d).toMatchObject({
      state: 'open',
      dueAt: at('2027-01-13T23:59:59Z'),
      warnAt: at('2027-01-11T00:00:00Z'),
      explain:
        'Initial child protection conference: 15 working days after the strategy discussion on 2026-12-18, ' +
        "skipping 2026-12-25 (Christmas Day), 2026-12-28 (Boxing Day (substitute day)), 2027-01-01 (New Year's Day); " +
        'due by the end of 2027-01-13',
    });
    expect(run([sd], 'icpc', '2027-01-11T00:00:00Z')[0].state).toBe('due-soon');
    expect(run([sd], 'icpc', '2027-01-14T00:00:00Z')[0].state).toBe('overdue');
  });

  it('opens only for outcome s47', () => {
    const noS47 = ev('csc.strategy-discussion.held', '2026-12-18', { strategyId: 'S0', outcome: 'no-s47' });
    expect(run([noS47], 'icpc', '2027-02-01T00:00:00Z')).toEqual([]);
  });

  it('is met by the conference, met late after the due day', () => {
    expect(run([sd, icpc('2027-01-13T16:00:00Z')], 'icpc', '2027-02-01T00:00:00Z')[0]).toMatchObject({ state: 'met', metBy: 'icpc1' });
    expect(run([sd, icpc('2027-01-14T09:00:00Z')], 'icpc', '2027-02-01T00:00:00Z')[0].state).toBe('met-late');
  });

  it('is cancelled by an s47 ending other than in a conference', () => {
    const toIcpc = ev('csc.s47.completed', '2027-01-04', { s47Id: 'X1', outcome: 'icpc' });
    const nfa = ev('csc.s47.completed', '2027-01-05', { s47Id: 'X1', outcome: 'nfa' }, { id: 'nfa1' });
    expect(run([sd, toIcpc], 'icpc', '2027-01-06T00:00:00Z')[0].state).toBe('open');
    expect(run([sd, toIcpc, nfa], 'icpc', '2027-01-06T00:00:00Z')[0]).toMatchObject({ state: 'cancelled', cancelledBy: 'nfa1' });
  });

  it('restarts from the latest strategy discussion (the earlier clock is cancelled by it)', () => {
    const sd2 = ev('csc.strategy-discussion.held', '2027-01-05', { strategyId: 'S2', outcome: 's47' }, { id: 'sd2' });
    expect(run([sd, sd2], 'icpc', '2027-01-06T00:00:00Z')).toEqual([
      { state: 'cancelled', start: '2026-12-18', due: '2027-01-13', limit: '15 working-days', cancelledBy: 'sd2' },
      { state: 'open', start: '2027-01-05', due: '2027-01-26', limit: '15 working-days' },
    ]);
  });
});

describe('return-interview: 72 hours from the return, same missingId; off in Wales', () => {
  const back = ev('csc.missing.ended', '2026-07-10T21:30:00+01:00', { missingId: 'M1' }, { id: 'back1' });
  const interview = (time: string, missingId = 'M1') => ev('csc.return-interview.completed', time, { missingId, accepted: true }, { id: 'rhi1' });

  it('opens on the return: exactly 72 hours, no due date', () => {
    const [d] = evaluateChild([back], ENGLAND, { now: at('2026-07-11T09:00:00Z') });
    expect(d).toMatchObject({
      rule: 'return-interview',
      state: 'due-soon',
      dueAt: at('2026-07-13T21:30:00+01:00'),
      warnAt: at('2026-07-09T00:00:00+01:00'),
      limit: { n: 72, unit: 'hours' },
      explain: 'Return home interview: 72 hours after the return from the missing episode at 2026-07-10 21:30; ' + 'due by 2026-07-13 21:30',
    });
    expect(d.dueDate).toBeUndefined();
  });

  it('counts elapsed hours across the end of BST', () => {
    const autumn = ev('csc.missing.ended', '2026-10-23T12:00:00+01:00', { missingId: 'M2' });
    const [d] = evaluateChild([autumn], ENGLAND, { now: at('2026-10-24T00:00:00Z') });
    expect(d.dueAt).toBe(at('2026-10-26T11:00:00Z'));
    expect(d.explain).toMatch(/at 2026-10-23 12:00; due by 2026-10-26 11:00$/);
  });

  it('is met by an interview for that episode within 72 hours, met late after, overdue by the clock', () => {
    expect(run([back, interview('2026-07-13T21:30:00+01:00')], 'return-interview', '2026-08-01T00:00:00Z')[0].state).toBe('met');
    expect(run([back, interview('2026-07-13T21:31:00+01:00')], 'return-interview', '2026-08-01T00:00:00Z')[0].state).toBe('met-late');
    expect(run([back, interview('2026-07-12T10:00:00Z', 'M9')], 'return-interview', '2026-07-13T20:30:00Z')[0].state).toBe('due-soon');
    expect(run([back], 'return-interview', '2026-07-13T20:30:01Z')[0].state).toBe('overdue');
  });

  it('has no cancelling event and does not recur', () => {
    const next = ev('csc.missing.started', '2026-07-11T20:00:00Z', { missingId: 'M3', kind: 'missing' });
    const out = run([back, next, interview('2026-07-12T10:00:00Z')], 'return-interview', '2026-09-01T00:00:00Z');
    expect(out.map((d) => d.state)).toEqual(['met']);
  });

  it('is off by default in Wales, and on where a Welsh tenant switches it on', () => {
    expect(run([back], 'return-interview', '2026-07-11T00:00:00Z', WALES)).toEqual([]);
    const on = { nation: 'wales' as const, rules: { 'return-interview': { enabled: true } } };
    expect(run([back], 'return-interview', '2026-07-11T00:00:00Z', on).map((d) => d.state)).toEqual(['due-soon']);
  });
});
