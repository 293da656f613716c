// Proportions against the national figures the generator is tuned to (codes.ts, domain-notes §5).
// Ranges are deliberately wide: these check the shape of the data, not a seed's exact numbers.
import { eventTimeToEpochMs, type CaseEvent, type CaseEventOf, type EventType } from '@casewatch/contracts';
import { WorkingDayCalendar, londonDateOf } from '@casewatch/timescales';
import { generateHistory, resolveOptions, type GenerateOptions } from './index';

const OPTIONS: GenerateOptions = { tenant: 'realism', seed: 5, children: 3000, from: '2020-04-01', to: '2026-03-31' };
const DAY_MS = 86_400_000;

let events: CaseEvent[];
// Working days measured as the deadline engine measures them: timescales' calendar, London dates.
const cal = new WorkingDayCalendar({ nation: 'england' });
const dateOf = (time: string): string => londonDateOf(eventTimeToEpochMs(time));

function ofType<K extends EventType>(type: K): CaseEventOf<K>[] {
  return events.filter((e) => e.type === type) as CaseEventOf<K>[];
}

const share = (part: number, whole: number): number => part / whole;

beforeAll(() => {
  const all = [...generateHistory(OPTIONS)];
  // The history as finally known: without retracted events and the originals of corrections.
  const gone = new Set<string>();
  for (const e of all) {
    if (e.type === 'csc.event.retracted') gone.add(e.data.id);
    if (e.supersedes) gone.add(e.supersedes);
  }
  events = all.filter((e) => e.type !== 'csc.event.retracted' && !gone.has(e.id));
});

describe('realistic proportions', () => {
  it('re-refers about a fifth of referrals within 12 months of the previous one (national 22.6%)', () => {
    const previous = new Map<string, number>();
    const fromSecondYear = Date.parse('2021-04-01T00:00:00Z');
    let referrals = 0;
    let repeats = 0;
    for (const e of ofType('csc.referral.received')) {
      const t = eventTimeToEpochMs(e.time);
      const before = previous.get(e.subject);
      if (t >= fromSecondYear) {
        referrals++;
        if (before !== undefined && t - before <= 365 * DAY_MS) repeats++;
      }
      previous.set(e.subject, t);
    }
    expect(share(repeats, referrals)).toBeGreaterThan(0.15);
    expect(share(repeats, referrals)).toBeLessThan(0.3);
  });

  it('follows the national funnel: contacts → referrals → s47 → ICPC → CP plans, and some children come into care', () => {
    const contacts = ofType('csc.contact.decided');
    const referrals = ofType('csc.referral.received').length;
    const toReferral = share(contacts.filter((e) => e.data.outcome === 'referral').length, contacts.length);
    const s47 = ofType('csc.s47.started').length;
    const icpc = ofType('csc.icpc.held');
    const lacStarts = ofType('csc.lac.started').length;
    expect(toReferral).toBeGreaterThan(0.35);
    expect(toReferral).toBeLessThan(0.75);
    expect(share(s47, referrals)).toBeGreaterThan(0.2); // ~31% nationally
    expect(share(s47, referrals)).toBeLessThan(0.45);
    expect(share(icpc.length, s47)).toBeGreaterThan(0.25); // ~38%
    expect(share(icpc.length, s47)).toBeLessThan(0.55);
    expect(share(icpc.filter((e) => e.data.outcome === 'cp-plan').length, icpc.length)).toBeGreaterThan(0.6);
    expect(share(lacStarts, referrals)).toBeGreaterThan(0.03); // ~5.2%
    expect(share(lacStarts, referrals)).toBeLessThan(0.09);
  });

  it('finds domestic abuse (3A/3B/3C) on a large minority of referrals', () => {
    const da = (factors: string[] | undefined): boolean => (factors ?? []).some((f) => /^3[ABC]$/.test(f));
    const referralOf = new Map(ofType('csc.assessment.started').map((e) => [e.data.assessmentId, e.data.referralId]));
    const flagged = new Set(
      ofType('csc.referral.received')
        .filter((e) => da(e.data.factors))
        .map((e) => e.data.referralId),
    );
    for (const e of ofType('csc.assessment.completed')) if (da(e.data.factors)) flagged.add(referralOf.get(e.data.assessmentId) as string);
    const s = share(flagged.size, ofType('csc.referral.received').length);
    expect(s).toBeGreaterThan(0.2);
    expect(s).toBeLessThan(0.55);
  });

  it('completes most assessments within 45 working days of the referral, some late', () => {
    const referralDate = new Map(ofType('csc.referral.received').map((e) => [e.data.referralId, dateOf(e.time)]));
    const referralOf = new Map(ofType('csc.assessment.started').map((e) => [e.data.assessmentId, e.data.referralId as string]));
    const took = ofType('csc.assessment.completed').map((e) =>
      cal.workingDaysBetween(referralDate.get(referralOf.get(e.data.assessmentId) as string) as string, dateOf(e.time)),
    );
    const inTime = share(took.filter((d) => d <= 45).length, took.length);
    expect(inTime).toBeGreaterThan(0.7);
    expect(inTime).toBeLessThan(0.95);
  });

  it('visits children on CP plans mostly within 10 working days, with some gaps; CIN visits mostly within 20', () => {
    const gaps = (kind: 'cp' | 'cin', starts: EventType, ends: EventType): number[] => {
      const last = new Map<string, string>();
      const result: number[] = [];
      for (const e of events) {
        if (e.type === starts) last.set(e.subject, dateOf(e.time));
        else if (e.type === ends) last.delete(e.subject);
        else if (e.type === 'csc.visit.completed' && e.data.kind === kind && last.has(e.subject)) {
          result.push(cal.workingDaysBetween(last.get(e.subject) as string, dateOf(e.time)));
          last.set(e.subject, dateOf(e.time));
        }
      }
      return result;
    };
    const cp = gaps('cp', 'csc.cp-plan.started', 'csc.cp-plan.ended');
    const cin = gaps('cin', 'csc.cin-plan.started', 'csc.cin-plan.ended');
    expect(cp.length).toBeGreaterThan(1000);
    expect(share(cp.filter((d) => d <= 10).length, cp.length)).toBeGreaterThan(0.75);
    expect(share(cp.filter((d) => d <= 10).length, cp.length)).toBeLessThan(0.98);
    expect(share(cin.filter((d) => d <= 20).length, cin.length)).toBeGreaterThan(0.7);
  });

  it('holds CP review conferences and starts some second CP plans', () => {
    const plans = ofType('csc.cp-plan.started');
    const children = new Set(plans.map((e) => e.subject));
    expect(plans.length - children.size).toBeGreaterThan(0);
    const reviewed = new Set(ofType('csc.cp-review.held').map((e) => e.data.cpPlanId));
    expect(share(reviewed.size, plans.length)).toBeGreaterThan(0.6);
  });

  it('ends periods of care for the 903 reasons, adoption and special guardianship among them', () => {
    const reasons = ofType('csc.lac.ended').map((e) => e.data.reason);
    const count = (codes: string[]): number => reasons.filter((r) => codes.includes(r)).length;
    expect(count(['E11', 'E12'])).toBeGreaterThan(0);
    expect(count(['E45', 'E46', 'E47', 'E48'])).toBeGreaterThan(0);
    expect(count(['E13'])).toBeGreaterThan(0);
    expect(count(['E17'])).toBeGreaterThan(0);
    expect(share(count(['E11', 'E12']), reasons.length)).toBeLessThan(0.2); // ~9% nationally
    expect(share(count(['E4A', 'E13']), reasons.length)).toBeGreaterThan(0.15); // home: ~30%
  });

  it('records adoption milestones in order for the children adopted', () => {
    const at = new Map<string, Record<string, number>>();
    for (const e of events) {
      if (e.type.startsWith('csc.adoption.') || e.type === 'csc.lac.started' || e.type === 'csc.lac.ended') {
        const periodId = (e.data as { periodId: string }).periodId;
        at.set(periodId, { ...at.get(periodId), [e.type]: eventTimeToEpochMs(e.time) });
      }
    }
    const placed = [...at.values()].filter((m) => m['csc.adoption.placed'] !== undefined);
    expect(placed.length).toBeGreaterThan(0);
    for (const m of placed) {
      expect(m['csc.lac.started']).toBeLessThan(m['csc.adoption.decision-made']);
      expect(m['csc.adoption.decision-made']).toBeLessThan(m['csc.adoption.placement-order-granted']);
      expect(m['csc.adoption.placement-order-granted']).toBeLessThan(m['csc.adoption.matched']);
      expect(m['csc.adoption.matched']).toBeLessThan(m['csc.adoption.placed']);
    }
  });

  it('gives looked-after children reviews, health assessments, PEPs, and return interviews after missing episodes', () => {
    const lac = new Set<string>(ofType('csc.lac.started').map((e) => e.subject));
    const initial = new Set(
      ofType('csc.health-assessment.completed')
        .filter((e) => e.data.kind === 'initial')
        .map((e) => e.subject),
    );
    const reviewKind = ofType('csc.health-assessment.completed').filter((e) => e.data.kind === 'review');
    expect(reviewKind.length).toBeGreaterThan(0);
    for (const e of reviewKind.slice(0, 50)) expect(initial.has(e.subject)).toBe(true);
    for (const type of ['csc.lac-review.held', 'csc.pep.completed', 'csc.dental-check.completed', 'csc.lac.placement-changed'] as const) {
      expect(ofType(type).every((e) => lac.has(e.subject))).toBe(true);
      expect(ofType(type).length).toBeGreaterThan(0);
    }
    const missing = new Set(ofType('csc.missing.ended').map((e) => e.data.missingId));
    const interviews = ofType('csc.return-interview.completed');
    expect(interviews.length).toBeGreaterThan(0);
    expect(interviews.every((e) => missing.has(e.data.missingId))).toBe(true);
    expect(share(interviews.length, missing.size)).toBeGreaterThan(0.6);
  });

  it('keeps care leavers mostly in touch, with PLO and proceedings for some', () => {
    const contacts = ofType('csc.care-leaver.contact-recorded');
    expect(contacts.length).toBeGreaterThan(100);
    const inTouch = share(contacts.filter((e) => e.data.inTouch).length, contacts.length);
    expect(inTouch).toBeGreaterThan(0.8);
    expect(inTouch).toBeLessThan(0.97);
    expect(ofType('csc.plo.started').length).toBeGreaterThan(0);
    expect(ofType('csc.proceedings.issued').length).toBeGreaterThan(0);
  });

  it('allocates referrals to workers with caseloads near the national 16 (range 8–25)', () => {
    const held = new Map<string, string | undefined>();
    const reallocated = new Set<string>();
    for (const e of events) {
      if (e.type === 'csc.worker.allocated') {
        if (held.has(e.subject)) reallocated.add(e.subject);
        held.set(e.subject, e.data.workerId);
      }
      if (e.type === 'csc.worker.unallocated') held.delete(e.subject);
    }
    const { teams, workersPerTeam } = resolveOptions(OPTIONS);
    const average = held.size / (teams * workersPerTeam);
    expect(average).toBeGreaterThan(8);
    expect(average).toBeLessThan(25);
    expect(reallocated.size).toBeGreaterThan(0);
  });

  it('records a birth month (never a full date of birth), and pre-birth referrals then the birth', () => {
    const details = ofType('csc.child.details-recorded');
    expect(details.every((e) => /^\d{4}-\d{2}$/.test(e.data.birthDate as string))).toBe(true);
    const unborn = details.filter((e) => e.data.unborn === true);
    expect(unborn.length).toBeGreaterThan(0);
    const bornLater = new Set(details.filter((e) => e.data.unborn === false).map((e) => e.subject));
    expect(unborn.filter((e) => bornLater.has(e.subject)).length).toBeGreaterThan(0);
  });
});
