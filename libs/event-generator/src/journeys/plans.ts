// Child protection plans (visits, review conferences, PLO) and child in need plans (visits).
import { DAY, addMonths } from '../calendar';
import { CORRECT, DUPLICATE, LATE, type Child, type CinPlan, type CpPlan } from '../child';
import { CP_CATEGORIES } from '../codes';

const VISIT = LATE | CORRECT | DUPLICATE;

/** Working days to the next CP visit: mostly within the common local 10 (E7), some gaps. */
function cpVisitGap(c: Child): number {
  const r = c.rng.next();
  return r < 0.86 ? c.rng.mid(4, 10) : r < 0.96 ? c.rng.int(11, 14) : c.rng.int(15, 25);
}

/** Working days to the next CIN visit: mostly within 20 (E8). */
function cinVisitGap(c: Child): number {
  const r = c.rng.next();
  return r < 0.8 ? c.rng.mid(8, 20) : r < 0.95 ? c.rng.int(21, 30) : c.rng.int(31, 45);
}

/** A review conference `months` after `fromDay`: ~90% on or before the due day (E6). */
function reviewDay(c: Child, fromDay: number, months: number): number {
  const due = addMonths(fromDay, months);
  const cal = c.run.cal;
  if (c.rng.chance(0.9)) {
    const day = cal.onOrAfter(due - c.rng.int(2, 14));
    return day > due ? due - 3 : day;
  }
  return cal.add(due, c.rng.int(1, 15));
}

export function cpPlan(c: Child, t: number): void {
  c.at(t, () => {
    const episode = c.episode;
    if (!episode || episode.closed || c.cp?.active) return;
    const now = c.now;
    if (c.cin?.active) endCinNow(c);
    const plan: CpPlan = { id: c.id('CP'), start: now, active: true, reviews: 0 };
    c.cp = plan;
    c.cpPlans++;
    c.emit(now, 'csc.cp-plan.started', c.held({ cpPlanId: plan.id, category: c.rng.weighted(CP_CATEGORIES) }), CORRECT);
    if (c.rng.chance(0.35)) c.steps.allocate(c, c.wd(now, c.rng.int(1, 5)), true);
    c.at(c.wd(now, cpVisitGap(c)), () => cpVisit(c, plan));
    c.at(c.office(reviewDay(c, Math.floor(now / DAY), 3)), () => cpReview(c, plan));
    const r = c.rng.next();
    if (r < 0.18) plo(c, c.days(now, c.rng.int(30, 150)));
    else if (r < 0.23 && !c.lac?.active) c.steps.lacStart(c, c.days(now, c.rng.int(20, 240)), 'emergency');
  });
}

function cpVisit(c: Child, plan: CpPlan): void {
  if (!plan.active) return;
  const now = c.now;
  const seen = c.rng.chance(0.96);
  const data: Record<string, unknown> = { visitId: c.id('V'), kind: 'cp', seen };
  if (seen) data.seenAlone = c.rng.chance(c.ageAt(now) >= 4 ? 0.75 : 0.15);
  if (c.rng.chance(0.03)) data.virtual = true;
  c.emit(now, 'csc.visit.completed', c.held(data), VISIT);
  c.at(c.wd(now, cpVisitGap(c)), () => cpVisit(c, plan));
}

// Chance that a review ends the plan: 1st (3 months), 2nd (9), 3rd (15), 4th (21), later. Plans
// then last ~9 months on average: national stock / starts (~50,800 / ~66,000 a year, approx. CIN).
const END_AT_REVIEW = [0.3, 0.5, 0.65, 0.75, 0.85];

function cpReview(c: Child, plan: CpPlan): void {
  if (!plan.active) return;
  const now = c.now;
  const end = c.rng.chance(c.lac?.active ? 0.9 : END_AT_REVIEW[Math.min(plan.reviews, END_AT_REVIEW.length - 1)]);
  plan.reviews++;
  c.emit(now, 'csc.cp-review.held', c.held({ cpPlanId: plan.id, outcome: end ? 'end' : 'continue' }), LATE | DUPLICATE);
  if (!end) {
    c.at(c.office(reviewDay(c, Math.floor(now / DAY), 6)), () => cpReview(c, plan));
    return;
  }
  c.at(c.later(now, 20, 120), () => {
    if (!plan.active) return;
    endCpNow(c);
    if (c.lac?.active) return;
    // Step-down to a CIN plan for most; the rest close.
    if (c.rng.chance(0.62)) c.steps.cinPlan(c, c.wd(c.now, c.rng.int(0, 3)));
    else c.steps.closeEpisode(c, c.wd(c.now, c.rng.int(1, 10)), 'RC6');
  });
}

function endCpNow(c: Child): void {
  const plan = c.cp;
  if (!plan?.active) return;
  plan.active = false;
  c.emit(c.now, 'csc.cp-plan.ended', c.held({ cpPlanId: plan.id }));
}

// Essential: closing an episode schedules these, then drops the child's other pending actions.
export function endCpPlan(c: Child, t: number): void {
  c.at(t, () => endCpNow(c), true);
}

/** Pre-proceedings under the Public Law Outline; some go on to care proceedings. */
export function plo(c: Child, t: number): void {
  c.at(t, () => {
    if (!c.cp?.active || c.lac?.active) return;
    const ploId = c.id('PLO');
    c.emit(c.now, 'csc.plo.started', c.held({ ploId }));
    const weeks = c.rng.chance(0.7) ? c.rng.int(8, 20) : c.rng.int(21, 40);
    // Essential: pre-proceedings end even when the episode has closed meanwhile.
    c.at(
      c.days(c.now, weeks * 7),
      () => {
        c.emit(c.now, 'csc.plo.ended', c.held({ ploId }), LATE);
        if (!c.lac?.active && c.episode && !c.episode.closed && c.rng.chance(0.5)) {
          c.steps.lacStart(c, c.wd(c.now, c.rng.int(1, 10)), 'proceedings');
        }
      },
      true,
    );
  });
}

export function cinPlan(c: Child, t: number): void {
  c.at(t, () => {
    const episode = c.episode;
    if (!episode || episode.closed || c.cin?.active || c.cp?.active || c.lac?.active) return;
    const now = c.now;
    const plan: CinPlan = { id: c.id('CIN'), start: now, active: true };
    c.cin = plan;
    c.emit(now, 'csc.cin-plan.started', c.held({ cinPlanId: plan.id }));
    const r = c.rng.next();
    const months = r < 0.55 ? c.rng.int(3, 6) : r < 0.9 ? c.rng.int(6, 12) : c.rng.int(12, 18);
    const endDay = c.run.cal.onOrAfter(addMonths(Math.floor(now / DAY), months) + c.rng.int(-5, 5));
    c.at(c.wd(now, cinVisitGap(c)), () => cinVisit(c, plan));
    // Disabled children on a plan: some have a series of short breaks away from home.
    if (c.disabled && !c.breaks?.active && c.rng.chance(0.3)) c.steps.shortBreaks(c, c.wd(now, c.rng.int(10, 60)));
    if (c.rng.chance(0.08)) c.steps.strategy(c, c.days(now, c.rng.int(20, Math.floor((endDay * DAY - now) / DAY))), false);
    c.at(c.office(endDay), () => {
      if (!plan.active) return;
      endCinNow(c);
      c.steps.closeEpisode(c, c.wd(c.now, c.rng.int(0, 5)), 'RC6');
    });
  });
}

function cinVisit(c: Child, plan: CinPlan): void {
  if (!plan.active) return;
  const seen = c.rng.chance(0.95);
  const data: Record<string, unknown> = { visitId: c.id('V'), kind: 'cin', seen };
  if (seen) data.seenAlone = c.rng.chance(0.55);
  c.emit(c.now, 'csc.visit.completed', c.held(data), VISIT);
  c.at(c.wd(c.now, cinVisitGap(c)), () => cinVisit(c, plan));
}

function endCinNow(c: Child): void {
  const plan = c.cin;
  if (!plan?.active) return;
  plan.active = false;
  c.emit(c.now, 'csc.cin-plan.ended', c.held({ cinPlanId: plan.id }), LATE);
}

export function endCinPlan(c: Child, t: number): void {
  c.at(t, () => endCinNow(c), true);
}
