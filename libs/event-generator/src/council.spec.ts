// The `council` profile is the demo tenant (dashboard.md, "The demo tenant is a realistic council"):
// its counts, from the generated events alone, land in a mid-sized English council's ranges.
import { createEventValidator, eventTimeToEpochMs, type CaseEvent } from '@casewatch/contracts';
import { CensusCounter, PROFILES, generateHistory, profileOptions, type Census } from './index';

const TO = '2026-11-30';
const OPTIONS = profileOptions('council', { tenant: 'council', seed: 1, to: TO });
const ROUTINE = ['csc.contact.received', 'csc.visit.completed', 'csc.care-leaver.contact-recorded', 'csc.missing.started'];

let total = 0;
let beforeWindow = 0;
let routineEarly = 0;
let routineLate = 0;
let now: Census;
let yearAgo: Census;
let atStart: Census;
const lacEvents: CaseEvent[] = [];

beforeAll(() => {
  const counters = [new CensusCounter(`${TO}T23:59:59Z`), new CensusCounter('2025-11-30T23:59:59Z'), new CensusCounter(`${OPTIONS.from}T00:00:00Z`)];
  const windowStart = Date.parse(`${OPTIONS.from}T00:00:00Z`);
  // Routine events of the warm-up are kept only in its last 91 days.
  const routineFrom = windowStart - 91 * 86_400_000;
  for (const event of generateHistory(OPTIONS)) {
    total++;
    const t = eventTimeToEpochMs(event.time);
    if (t < windowStart) {
      beforeWindow++;
      if (ROUTINE.includes(event.type)) {
        if (t < routineFrom) routineEarly++;
        else routineLate++;
      }
    }
    if (event.type.startsWith('csc.lac.') && lacEvents.length < 20_000) lacEvents.push(event);
    for (const counter of counters) counter.add(event);
  }
  [now, yearAgo, atStart] = counters.map((c) => c.result());
});

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

describe('the council profile', () => {
  it('covers two full years after a six-year warm-up without routine events but in its last 91 days', () => {
    expect(OPTIONS).toMatchObject({ from: '2024-12-01', to: TO, teams: 11, workersPerTeam: 11, warmUpYears: 6 });
    expect(PROFILES.council.population0to17).toBe(60_000);
    expect(beforeWindow).toBeGreaterThan(100_000);
    expect(routineEarly).toBe(0);
    expect(routineLate).toBeGreaterThan(1000);
  });

  it('keeps the history small enough to post and replay at start-up (under 450,000 events)', () => {
    expect(total).toBeGreaterThan(250_000);
    expect(total).toBeLessThan(450_000);
  });

  it.each([
    ['at the end', () => now],
    ['a year earlier', () => yearAgo],
    ['when the full history starts', () => atStart],
  ])('has 400–450 looked-after children, 250–300 on a CP plan and about 2,000 in need %s', (_, census) => {
    const c = census();
    expect(c.lookedAfter).toBeGreaterThanOrEqual(400);
    expect(c.lookedAfter).toBeLessThanOrEqual(450);
    expect(c.childProtection).toBeGreaterThanOrEqual(250);
    expect(c.childProtection).toBeLessThanOrEqual(300);
    expect(c.childrenInNeed).toBeGreaterThanOrEqual(1800);
    expect(c.childrenInNeed).toBeLessThanOrEqual(2300);
  });

  it('receives 300–400 referrals a month on average, in every year of the window', () => {
    for (const c of [now, yearAgo]) {
      expect(mean(c.referralsPerMonth)).toBeGreaterThanOrEqual(300);
      expect(mean(c.referralsPerMonth)).toBeLessThanOrEqual(400);
    }
  });

  it('spreads the work over 8–12 teams with workers on caseloads near the national 16–20', () => {
    expect(now.teams).toBeGreaterThanOrEqual(8);
    expect(now.teams).toBeLessThanOrEqual(12);
    expect(now.childrenInNeed / now.workers).toBeGreaterThan(14);
    expect(now.childrenInNeed / now.workers).toBeLessThan(24);
  });

  it('has mostly care orders (C2), some s20 (V2), placement orders (E1) and short breaks (V3/V4) outside the count', () => {
    const statuses = Object.entries(now.legalStatus).sort((a, b) => b[1] - a[1]);
    expect(statuses[0][0]).toBe('C2');
    expect(now.legalStatus.C2 / now.lookedAfter).toBeGreaterThan(0.45);
    expect(now.legalStatus.V2).toBeGreaterThan(0);
    expect(now.legalStatus.E1).toBeGreaterThan(0);
    expect(now.shortBreaks).toBeGreaterThan(5);
    expect(now.intendedToEighteen).toBeGreaterThan(0);
    const started = lacEvents.filter((e) => e.type === 'csc.lac.started');
    expect(started.some((e) => e.type === 'csc.lac.started' && e.data.intendedToEighteen === true)).toBe(true);
    expect(new Set(started.map((e) => (e.data as { legalStatus: string }).legalStatus))).toEqual(new Set(['C1', 'V2', 'L1', 'L2', 'V3', 'V4']));
  });

  it('makes looked-after events the contracts accept', () => {
    const validate = createEventValidator();
    const after = new Date(`${TO}T23:59:59Z`);
    expect(lacEvents.filter((e) => !validate(e, after).ok).slice(0, 3)).toEqual([]);
  });
});
