import { evaluateChild } from './deadline-engine';
import { ENGLAND, WALES, at, ev, run } from './test-events';

// Hand-computed. 2026-06-01 is a Monday in BST; no bank holidays in June 2026.

const started = ev('csc.lac.started', '2026-06-01', { periodId: 'L1', legalStatus: 'C2', placementType: 'U1' }, { id: 'lac1' });
const ended = (date: string) => ev('csc.lac.ended', date, { periodId: 'L1', reason: 'E13' }, { id: 'end1' });
const visit = (date: string, id: string, extra: { seen?: boolean; virtual?: boolean } = {}) =>
  ev('csc.visit.completed', date, { visitId: id, kind: 'lac', seen: extra.seen ?? true, ...(extra.virtual && { virtual: true }) }, { id });
const moved = (date: string, id: string, intendedToEighteen?: boolean) =>
  ev('csc.lac.placement-changed', date, { periodId: 'L1', placementType: 'U3', ...(intendedToEighteen !== undefined && { intendedToEighteen }) }, { id });

describe('lac-visit (reg 28): 7 days after placement start, then every 6 weeks', () => {
  it('opens on the start of care: 7 days, due-soon from Thu 4 Jun', () => {
    const [d] = evaluateChild([started], ENGLAND, { now: at('2026-06-03T12:00:00Z') }).filter((x) => x.rule === 'lac-visit');
    expect(d).toMatchObject({
      state: 'open',
      dueAt: at('2026-06-08T23:59:59+01:00'),
      warnAt: at('2026-06-04T00:00:00+01:00'),
      explain: 'Looked-after child visit: 7 days after the start of the period of care on 2026-06-01 (reg 28); due by the end of 2026-06-08',
    });
    expect(run([started], 'lac-visit', '2026-06-04T00:00:00+01:00')[0].state).toBe('due-soon');
    expect(run([started], 'lac-visit', '2026-06-09T00:00:00+01:00')[0].state).toBe('overdue');
  });

  it('recurs every 6 weeks from each visit; a new placement restarts the clock at 7 days', () => {
    const events = [started, visit('2026-06-05', 'v1'), visit('2026-07-20', 'v2'), moved('2026-08-03', 'pc1')];
    expect(run(events, 'lac-visit', '2026-08-04T00:00:00Z')).toEqual([
      { state: 'met', start: '2026-06-01', due: '2026-06-08', limit: '7 days', metBy: 'v1' },
      { state: 'met-late', start: '2026-06-05', due: '2026-07-17', limit: '6 weeks', metBy: 'v2' },
      { state: 'cancelled', start: '2026-07-20', due: '2026-08-31', limit: '6 weeks', cancelledBy: 'pc1' },
      { state: 'open', start: '2026-08-03', due: '2026-08-10', limit: '7 days' },
    ]);
    const all = evaluateChild(events, ENGLAND, { now: at('2026-08-04T00:00:00Z') }).filter((d) => d.rule === 'lac-visit');
    expect(all[1].explain).toBe('Looked-after child visit: 6 weeks after the visit on 2026-06-05 (reg 28); due by the end of 2026-07-17');
    expect(all[3].explain).toBe('Looked-after child visit: 7 days after the start of the placement on 2026-08-03 (reg 28); due by the end of 2026-08-10');
  });

  it('goes to 3 months once the placement has lasted a year and is intended to last until 18', () => {
    const before = ev('csc.lac.started', '2025-12-01', { periodId: 'L1', legalStatus: 'C2', placementType: 'U1' }, { id: 'lac0' });
    const visits = [visit('2026-01-09', 'v1'), visit('2026-12-30', 'v2'), visit('2027-01-08', 'v3')];
    const long = [before, moved('2026-01-05', 'pc1', true), ...visits];
    expect(run(long, 'lac-visit', '2027-01-09T00:00:00Z')).toEqual([
      { state: 'cancelled', start: '2025-12-01', due: '2025-12-08', limit: '7 days', cancelledBy: 'pc1' },
      { state: 'met', start: '2026-01-05', due: '2026-01-12', limit: '7 days', metBy: 'v1' },
      { state: 'met-late', start: '2026-01-09', due: '2026-02-20', limit: '6 weeks', metBy: 'v2' },
      // 2026-12-30: the placement (from 2026-01-05) has not yet lasted a year.
      { state: 'met', start: '2026-12-30', due: '2027-02-10', limit: '6 weeks', metBy: 'v3' },
      { state: 'open', start: '2027-01-08', due: '2027-04-08', limit: '3 months' },
    ]);
    const notTo18 = [before, moved('2026-01-05', 'pc1', false), ...visits];
    expect(run(notTo18, 'lac-visit', '2027-01-09T00:00:00Z')[4]).toEqual({ state: 'open', start: '2027-01-08', due: '2027-02-19', limit: '6 weeks' });
    // The first placement (lac.started) carries no intendedToEighteen: 6 weeks however long it lasts.
    const firstPlacement = [before, visit('2025-12-05', 'v0'), visit('2027-01-08', 'v3')];
    expect(run(firstPlacement, 'lac-visit', '2027-01-09T00:00:00Z')[2]).toMatchObject({ start: '2027-01-08', limit: '6 weeks' });
  });

  it('is not met by a virtual or unseen visit, unless the tenant allows virtual visits', () => {
    const events = [started, visit('2026-06-03', 'virt', { virtual: true }), visit('2026-06-04', 'unseen', { seen: false })];
    expect(run(events, 'lac-visit', '2026-06-09T00:00:00Z').map((d) => d.state)).toEqual(['overdue']);
    const tenant = { nation: 'england' as const, rules: { 'lac-visit': { allowVirtual: true } } };
    expect(run(events, 'lac-visit', '2026-06-09T00:00:00Z', tenant)[0]).toMatchObject({ state: 'met', metBy: 'virt' });
  });

  it('is cancelled when the child leaves care; a placement change after that opens nothing', () => {
    const events = [started, ended('2026-06-04'), moved('2026-06-10', 'pc9')];
    expect(run(events, 'lac-visit', '2026-07-01T00:00:00Z')).toEqual([
      { state: 'cancelled', start: '2026-06-01', due: '2026-06-08', limit: '7 days', cancelledBy: 'end1' },
    ]);
  });

  it('keeps a new period of care that starts the day the previous one ends', () => {
    const next = ev('csc.lac.started', '2026-06-04', { periodId: 'L2', legalStatus: 'C2', placementType: 'U1' }, { id: 'lac2' });
    expect(run([started, ended('2026-06-04'), next], 'lac-visit', '2026-06-05T00:00:00Z')).toEqual([
      { state: 'cancelled', start: '2026-06-01', due: '2026-06-08', limit: '7 days', cancelledBy: 'lac2' },
      { state: 'open', start: '2026-06-04', due: '2026-06-11', limit: '7 days' }, // due-soon from Tue 9 Jun
    ]);
  });

  it('says reg 31 in Wales', () => {
    const [d] = evaluateChild([started], WALES, { now: at('2026-06-02T00:00:00Z') }).filter((x) => x.rule === 'lac-visit');
    expect(d.explain).toBe('Looked-after child visit: 7 days after the start of the period of care on 2026-06-01 (reg 31); due by the end of 2026-06-08');
  });
});

describe('short breaks', () => {
  it('open no looked-after rule, and nothing during them does', () => {
    const respite = ev('csc.lac.started', '2026-06-01', { periodId: 'SB1', legalStatus: 'V3', placementType: 'U1', shortBreak: true });
    const during = [
      moved('2026-06-02', 'pc1', true),
      visit('2026-06-03', 'v1'),
      ev('csc.lac-review.held', '2026-06-04', { periodId: 'SB1' }),
      ev('csc.pep.completed', '2026-06-04', {}),
      ev('csc.lac.ended', '2026-06-05', { periodId: 'SB1', reason: 'E13' }),
    ];
    expect(evaluateChild([respite, ...during], ENGLAND, { now: at('2026-12-01T00:00:00Z') })).toEqual([]);
  });

  it('are read from the legal status: V3 or V4 without shortBreak opens nothing; a legal status wins over shortBreak', () => {
    const lacRules = (data: Record<string, unknown>) =>
      evaluateChild([ev('csc.lac.started', '2026-06-01', { periodId: 'SB2', placementType: 'U1', ...data } as never)], ENGLAND, {
        now: at('2026-12-01T00:00:00Z'),
      })
        .map((d) => d.rule)
        .sort();
    expect(lacRules({ legalStatus: 'V3' })).toEqual([]);
    expect(lacRules({ legalStatus: 'V4' })).toEqual([]);
    expect(lacRules({ shortBreak: true })).toEqual([]);
    expect(lacRules({ legalStatus: 'C2', shortBreak: true })).toEqual(['initial-health-assessment', 'lac-review', 'lac-visit', 'pep']);
  });
});

describe('intendedToEighteen on the start of care', () => {
  it('gives 3-monthly visits once the first placement has lasted a year', () => {
    const first = ev('csc.lac.started', '2025-12-01', { periodId: 'L1', legalStatus: 'C2', placementType: 'U1', intendedToEighteen: true }, { id: 'lac0' });
    const events = [
      first,
      visit('2025-12-05', 'v0'),
      visit('2026-01-09', 'v1'),
      visit('2026-02-13', 'v2'),
      visit('2026-03-20', 'v3'),
      visit('2026-04-24', 'v4'),
      visit('2026-05-29', 'v5'),
      visit('2026-07-03', 'v6'),
      visit('2026-08-07', 'v7'),
      visit('2026-09-11', 'v8'),
      visit('2026-10-16', 'v9'),
      visit('2026-11-20', 'v10'),
      visit('2026-12-02', 'v11'),
    ];
    const chain = run(events, 'lac-visit', '2026-12-03T00:00:00Z');
    // 2026-11-20: the placement (from 2025-12-01) has not lasted a year; 2026-12-02: it has.
    expect(chain[chain.length - 2]).toMatchObject({ start: '2026-11-20', limit: '6 weeks' });
    expect(chain[chain.length - 1]).toEqual({ state: 'open', start: '2026-12-02', due: '2027-03-02', limit: '3 months' });
  });
});

describe('lac-review: 20 working days, then 3 months, then every 6 months', () => {
  const review = (date: string, id: string) => ev('csc.lac-review.held', date, { periodId: 'L1' }, { id });

  it('opens on the start of care and steps through its limits from each review', () => {
    expect(run([started], 'lac-review', '2026-06-25T00:00:00+01:00')).toEqual([
      { state: 'due-soon', start: '2026-06-01', due: '2026-06-29', limit: '20 working-days' },
    ]);
    expect(run([started], 'lac-review', '2026-06-24T23:59:59+01:00')[0].state).toBe('open');
    expect(run([started], 'lac-review', '2026-06-30T00:00:00+01:00')[0].state).toBe('overdue');
    const events = [started, review('2026-06-25', 'r1'), review('2026-09-30', 'r2'), review('2027-03-01', 'r3')];
    expect(run(events, 'lac-review', '2027-03-02T00:00:00Z')).toEqual([
      { state: 'met', start: '2026-06-01', due: '2026-06-29', limit: '20 working-days', metBy: 'r1' },
      { state: 'met-late', start: '2026-06-25', due: '2026-09-25', limit: '3 months', metBy: 'r2' },
      { state: 'met', start: '2026-09-30', due: '2027-03-30', limit: '6 months', metBy: 'r3' },
      { state: 'open', start: '2027-03-01', due: '2027-09-01', limit: '6 months' },
    ]);
  });

  it('is cancelled when the child leaves care', () => {
    expect(run([started, review('2026-06-25', 'r1'), ended('2026-07-01')], 'lac-review', '2026-12-01T00:00:00Z')).toEqual([
      { state: 'met', start: '2026-06-01', due: '2026-06-29', limit: '20 working-days', metBy: 'r1' },
      { state: 'cancelled', start: '2026-06-25', due: '2026-09-25', limit: '3 months', cancelledBy: 'end1' },
    ]);
  });
});

describe('initial-health-assessment: 20 working days from the start of care, once', () => {
  const health = (time: string, kind: 'initial' | 'review', id: string) => ev('csc.health-assessment.completed', time, { kind }, { id });

  it('is met by an initial assessment by the end of the due day, and does not recur', () => {
    const events = [started, health('2026-06-10', 'review', 'h0'), health('2026-06-29T18:00:00+01:00', 'initial', 'h1')];
    expect(run(events, 'initial-health-assessment', '2027-01-01T00:00:00Z')).toEqual([
      { state: 'met', start: '2026-06-01', due: '2026-06-29', limit: '20 working-days', metBy: 'h1' },
    ]);
  });

  it('is due-soon, overdue, met late and cancelled', () => {
    expect(run([started], 'initial-health-assessment', '2026-06-25T09:00:00Z')[0].state).toBe('due-soon');
    expect(run([started], 'initial-health-assessment', '2026-06-30T00:00:00+01:00')[0].state).toBe('overdue');
    expect(run([started, health('2026-06-30', 'initial', 'h1')], 'initial-health-assessment', '2026-07-01T00:00:00Z')[0].state).toBe('met-late');
    expect(run([started, ended('2026-06-20')], 'initial-health-assessment', '2026-07-01T00:00:00Z')[0]).toMatchObject({
      state: 'cancelled',
      cancelledBy: 'end1',
    });
  });
});

describe('pep: 20 working days first, then every 6 months', () => {
  const pep = (date: string, id: string) => ev('csc.pep.completed', date, {}, { id });

  it('opens on the start of care and recurs from each PEP', () => {
    expect(run([started], 'pep', '2026-06-26T00:00:00Z')[0]).toEqual({ state: 'due-soon', start: '2026-06-01', due: '2026-06-29', limit: '20 working-days' });
    expect(run([started], 'pep', '2026-06-30T00:00:00+01:00')[0].state).toBe('overdue');
    const events = [started, pep('2026-06-10', 'p1'), pep('2026-12-15', 'p2')];
    expect(run(events, 'pep', '2026-12-16T00:00:00Z')).toEqual([
      { state: 'met', start: '2026-06-01', due: '2026-06-29', limit: '20 working-days', metBy: 'p1' },
      { state: 'met-late', start: '2026-06-10', due: '2026-12-10', limit: '6 months', metBy: 'p2' },
      { state: 'open', start: '2026-12-15', due: '2027-06-15', limit: '6 months' },
    ]);
  });

  it('is cancelled when the child leaves care', () => {
    expect(run([started, ended('2026-06-05')], 'pep', '2026-07-01T00:00:00Z')[0]).toMatchObject({ state: 'cancelled', cancelledBy: 'end1' });
  });
});
