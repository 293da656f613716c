// Periods of care: start (legal status, placement), court, moves, visits, reviews, health, PEPs,
// missing episodes, adoption milestones and the end of care (903 reason codes).
import { DAY, HOUR, MINUTE, addMonths, birthday } from '../calendar';
import { CORRECT, DUPLICATE, LATE, type Child, type LacPlan, type Period } from '../child';
import { MISSING_KINDS, PLACEMENTS_11_TO_15, PLACEMENTS_16_PLUS, PLACEMENTS_UNDER_11, PLACEMENT_CHANGE_REASONS, providerFor } from '../codes';
import type { Weighted } from '../prng';

type Route = 'emergency' | 's20' | 'proceedings' | 'uasc';

const RECURRING = LATE | DUPLICATE;
const UASC_PLACEMENTS: Weighted<string> = [
  ['H5', 45],
  ['U4', 20],
  ['U6', 15],
  ['K2', 20],
];

/**
 * The plan for the period. Ceased-care shares nationally (approx. 2024-25, [EES-CLA]): adopted ~9%
 * (3,040 of 34,450), special guardianship ~12%, home to parents or relatives ~30–35%, turning 18 ~20%.
 */
function choosePlan(c: Child, age: number, route: Route): LacPlan {
  if (route === 'uasc') return c.rng.chance(0.9) ? 'to-18' : 'other';
  const court = route !== 's20';
  const table: Weighted<LacPlan> =
    age >= 16
      ? [
          ['to-18', 60],
          ['return-home', 30],
          ['other', 10],
        ]
      : age < 4 && court
        ? [
            ['adoption', 38],
            ['sgo', 25],
            ['return-home', 14],
            ['to-18', 18],
            ['cao', 5],
          ]
        : age < 4
          ? [
              ['return-home', 45],
              ['adoption', 15],
              ['sgo', 15],
              ['to-18', 20],
              ['other', 5],
            ]
          : [
              ['return-home', court ? 35 : 55],
              ['sgo', 14],
              ['cao', 5],
              ['to-18', court ? 36 : 20],
              ['other', 8],
            ];
  return c.rng.weighted(table);
}

function endReason(c: Child, plan: LacPlan): string {
  switch (plan) {
    case 'adoption':
      return c.rng.chance(0.3) ? 'E11' : 'E12';
    case 'sgo':
      return c.rng.weighted([
        ['E45', 25],
        ['E46', 10],
        ['E47', 45],
        ['E48', 20],
      ]);
    case 'cao':
      return 'E41';
    case 'return-home':
      return c.rng.chance(0.7) ? 'E4A' : 'E13';
    case 'to-18':
      return c.uasc
        ? c.rng.weighted([
            ['E5', 60],
            ['E17', 15],
            ['E8', 25],
          ])
        : c.rng.weighted([
            ['E17', 30],
            ['E5', 45],
            ['E8', 25],
          ]);
    case 'other':
      return c.uasc
        ? c.rng.pick(['E15', 'E3'])
        : c.rng.weighted([
            ['E8', 55],
            ['E3', 30],
            ['E16', 15],
          ]);
  }
}

function placement(c: Child, age: number): { placementType: string; provider: string } {
  const table = c.uasc ? UASC_PLACEMENTS : age >= 16 ? PLACEMENTS_16_PLUS : age >= 11 ? PLACEMENTS_11_TO_15 : PLACEMENTS_UNDER_11;
  const placementType = c.rng.weighted(table);
  return { placementType, provider: providerFor(placementType, c.rng.chance(0.7)) };
}

export function lacStart(c: Child, t: number, route: Route): void {
  c.at(t, () => {
    const episode = c.episode;
    if (!episode || episode.closed || c.lac?.active) return;
    const now = c.now;
    const age = c.ageAt(now);
    let plan = choosePlan(c, age, route);
    const needsCourt = plan === 'adoption' || plan === 'sgo' || plan === 'cao';
    const periodId = c.id('P');

    // Court: issued with the start, days after an emergency, months after an s20 start, or never.
    // Children who stay are mostly brought before the court, so most of those looked after at any
    // time are on care orders (C2 ~70%, s20 V2 ~15%: approx. CLA at 31 March).
    const stays = plan === 'to-18' || plan === 'other';
    let issueAt: number | undefined;
    if (route === 'proceedings') issueAt = now;
    else if (route === 'emergency' && (needsCourt || c.rng.chance(stays ? 0.85 : 0.3))) issueAt = c.wd(now, c.rng.int(1, 3));
    else if (route === 's20' && (needsCourt || c.rng.chance(stays ? 0.8 : 0.1))) issueAt = c.days(now, c.rng.int(30, 180));
    const start = issueAt === now ? c.later(now, 30, 180) : now;
    let finalAt = issueAt === undefined ? undefined : c.days(issueAt, c.rng.int(20, 50) * 7);

    let decisionAt = 0;
    let matchAt = 0;
    let placedAt = 0;
    let endAt: number;
    if (plan === 'adoption') {
      decisionAt = c.days(start, c.rng.int(90, 240));
      finalAt = Math.max(finalAt as number, c.days(decisionAt, c.rng.int(30, 90)));
      matchAt = c.days(finalAt, c.rng.int(30, 210));
      placedAt = c.days(matchAt, c.rng.int(14, 56));
      endAt = c.days(placedAt, c.rng.int(150, 365));
    } else if (plan === 'sgo' || plan === 'cao') {
      endAt = c.later(finalAt as number, 60, 240);
    } else if (plan === 'return-home') {
      endAt = finalAt !== undefined ? c.days(finalAt, c.rng.int(1, 60)) : c.days(start, c.rng.chance(0.3) ? c.rng.int(7, 56) : c.rng.int(57, 400));
    } else if (plan === 'other') {
      endAt = c.days(start, c.rng.int(60, 540));
    } else {
      endAt = Number.POSITIVE_INFINITY;
    }
    const eighteen = c.office(birthday(c.birthDay, 18));
    if (endAt >= eighteen) {
      endAt = eighteen;
      plan = 'to-18';
    }
    if (issueAt !== undefined && issueAt >= endAt) issueAt = finalAt = undefined;
    if (finalAt !== undefined && finalAt > endAt) finalAt = endAt;

    const period: Period = {
      id: periodId,
      start,
      active: true,
      plan,
      endAt,
      placementStart: start,
      visitChain: 0,
      intendedToEighteen: false,
      placedForAdoption: false,
    };
    c.lac = period;

    const legalStatus = route === 'proceedings' ? 'C1' : route === 'emergency' ? (c.rng.chance(0.6) ? 'L1' : 'L2') : 'V2';
    const data: Record<string, unknown> = { periodId, legalStatus, ...placement(c, age) };
    if (c.uasc) data.uasc = true;
    // Now and then an older child's first placement is already meant to last until 18 (kinship, or
    // long-term foster carers found at once).
    if (plan === 'to-18' && !c.uasc && age >= 10 && /^U[1-6]$/.test(data.placementType as string) && c.rng.chance(0.3)) {
      data.intendedToEighteen = period.intendedToEighteen = true;
    }
    if (c.cin?.active) c.steps.endCinPlan(c, start);
    // Full care replaces a series of short breaks (the contract closes the open period).
    if (c.breaks?.active) c.breaks.active = false;
    c.emit(start, 'csc.lac.started', c.held(data), CORRECT);
    if (c.cp?.active) c.steps.endCpPlan(c, c.wd(start, c.rng.int(10, 40)));
    if (c.rng.chance(0.5)) c.steps.allocate(c, c.wd(start, c.rng.int(1, 10)), true);

    court(c, period, route, issueAt, finalAt);
    if (plan === 'adoption') adoption(c, period, decisionAt, finalAt as number, matchAt, placedAt);
    c.at(endAt, () => endPeriod(c, period));

    startVisits(c, period, start);
    reviews(c, period, start);
    health(c, period, start);
    education(c, period, start, age);
    missing(c, period, start, age);
    moves(c, period, start);
  });
}

function court(c: Child, period: Period, route: Route, issueAt: number | undefined, finalAt: number | undefined): void {
  const periodId = period.id;
  if (route === 'emergency' && issueAt === undefined) {
    // Police protection (L1) lasts at most 72 hours; an EPO (L2) up to 8 days: then accommodated (s20).
    c.emit(c.days(period.start, c.rng.int(1, 3)), 'csc.lac.legal-status-changed', c.held({ periodId, legalStatus: 'V2' }));
  }
  if (issueAt === undefined || finalAt === undefined) return;
  const proceedingsId = c.id('PR');
  c.emit(issueAt, 'csc.proceedings.issued', c.held({ proceedingsId }));
  if (route !== 'proceedings') {
    c.emit(c.later(issueAt, 30, 120), 'csc.lac.legal-status-changed', c.held({ periodId, legalStatus: 'C1' }));
  }
  // Final hearing (26-week target, E24; many run longer): a care order unless the period ends there.
  c.emit(finalAt, 'csc.proceedings.ended', c.held({ proceedingsId }), LATE);
  if (period.plan !== 'adoption' && finalAt < period.endAt - DAY) {
    c.emit(c.later(finalAt, 10, 60), 'csc.lac.legal-status-changed', c.held({ periodId, legalStatus: 'C2' }));
  }
}

/** Adoption milestones (A1 ≤ 14 months from care to placement, A2 ≤ 4 months order to match: E19, E20). */
function adoption(c: Child, period: Period, decisionAt: number, orderAt: number, matchAt: number, placedAt: number): void {
  const periodId = period.id;
  c.emit(decisionAt, 'csc.adoption.decision-made', c.held({ periodId }), LATE);
  c.emit(orderAt, 'csc.adoption.placement-order-granted', c.held({ periodId }), LATE);
  c.emit(c.later(orderAt, 10, 60), 'csc.lac.legal-status-changed', c.held({ periodId, legalStatus: 'E1' }));
  c.emit(matchAt, 'csc.adoption.matched', c.held({ periodId }), LATE);
  c.at(placedAt, () => {
    if (!period.active) return;
    period.placedForAdoption = true;
    const placementType = c.rng.chance(0.2) ? 'A5' : 'A6';
    const data = { periodId, placementType, provider: 'PR1', reason: 'CARPL', intendedToEighteen: false };
    c.emit(c.now, 'csc.lac.placement-changed', c.held(data), LATE | CORRECT);
    c.emit(c.later(c.now, 5, 30), 'csc.adoption.placed', c.held({ periodId }), LATE);
    period.placementStart = c.now;
    startVisits(c, period, c.now);
  });
}

function endPeriod(c: Child, period: Period): void {
  if (!period.active) return;
  period.active = false;
  const now = c.now;
  const reason = endReason(c, period.plan);
  c.emit(now, 'csc.lac.ended', c.held({ periodId: period.id, reason }));
  const close = (code: string): void => c.steps.closeEpisode(c, c.later(now, 30, 180), code);
  switch (period.plan) {
    case 'to-18':
      close('RC6');
      c.steps.careLeaver(c, c.days(now, c.rng.int(14, 60)));
      break;
    case 'adoption':
      close('RC1');
      break;
    case 'sgo':
      close('RC7');
      break;
    case 'cao':
      close('RC3');
      break;
    case 'return-home':
      if (c.rng.chance(0.5)) c.steps.cinPlan(c, c.wd(now, c.rng.int(0, 5)));
      else close('RC6');
      break;
    case 'other':
      close(reason === 'E3' ? 'RC4' : 'RC6');
      break;
  }
}

/** Statutory visits (E11): within a week of each placement, then ≤6 weeks, ≤3 months once settled. */
function startVisits(c: Child, period: Period, from: number): void {
  const chain = ++period.visitChain;
  const first = c.rng.chance(0.9) ? c.rng.int(1, 7) : c.rng.int(8, 14);
  c.at(c.days(from, first), () => lacVisit(c, period, chain));
}

function lacVisit(c: Child, period: Period, chain: number): void {
  if (!period.active || chain !== period.visitChain) return;
  const now = c.now;
  const seen = c.rng.chance(0.97);
  const data: Record<string, unknown> = { visitId: c.id('V'), kind: 'lac', seen };
  if (seen) data.seenAlone = c.rng.chance(c.ageAt(now) >= 5 ? 0.7 : 0.1);
  if (c.rng.chance(0.02)) data.virtual = true;
  c.emit(now, 'csc.visit.completed', c.held(data), LATE | CORRECT | DUPLICATE);
  const settled = period.intendedToEighteen && now - period.placementStart >= 365 * DAY;
  const limit = settled ? 91 : 42;
  const gap = c.rng.chance(0.87) ? c.rng.mid(Math.floor(limit * 0.55), limit - 2) : c.rng.int(limit, Math.floor(limit * 1.4));
  c.at(c.days(now, gap), () => lacVisit(c, period, chain));
}

/** LAC reviews (E12): ≤20 working days, then ≤3 months, then every ≤6 months; ~90% in time. */
function reviews(c: Child, period: Period, start: number): void {
  const cal = c.run.cal;
  const startDay = Math.floor(start / DAY);
  const first = cal.add(startDay, c.rng.chance(0.9) ? c.rng.int(12, 20) : c.rng.int(21, 35));
  const review = (day: number, count: number): void => {
    c.at(c.office(day), () => {
      if (!period.active) return;
      c.emit(c.now, 'csc.lac-review.held', c.held({ periodId: period.id }), RECURRING);
      const due = addMonths(day, count === 1 ? 3 : 6);
      const next = c.rng.chance(0.9) ? cal.onOrAfter(due - c.rng.int(3, 20)) : cal.add(due, c.rng.int(1, 25));
      review(Math.min(next, cal.add(due, 25)), count + 1);
    });
  };
  review(first, 1);
}

/** Initial health assessment (E13: only ~55% within 20 working days), reviews (E14), dental checks. */
function health(c: Child, period: Period, start: number): void {
  const cal = c.run.cal;
  const startDay = Math.floor(start / DAY);
  const initial = cal.add(startDay, c.rng.chance(0.55) ? c.rng.int(8, 20) : c.rng.int(21, 60));
  const assessment = (day: number, kind: 'initial' | 'review'): void => {
    c.at(c.office(day), () => {
      if (!period.active) return;
      c.emit(c.now, 'csc.health-assessment.completed', c.held({ kind }), RECURRING);
      const due = addMonths(day, c.ageAt(c.now) < 5 ? 6 : 12);
      assessment(cal.onOrAfter(c.rng.chance(0.85) ? due - c.rng.int(0, 30) : due + c.rng.int(5, 60)), 'review');
    });
  };
  assessment(initial, 'initial');
  const dental = (at: number): void => {
    c.at(at, () => {
      if (!period.active) return;
      c.emit(c.now, 'csc.dental-check.completed', c.held({}), RECURRING);
      dental(c.days(c.now, c.rng.int(240, 430)));
    });
  };
  dental(c.days(start, c.rng.int(30, 120)));
}

/** Personal education plans for school-age children (E15): first within 20 working days, then termly. */
function education(c: Child, period: Period, start: number, age: number): void {
  if (age < 4 || age > 17) return;
  const pep = (at: number): void => {
    c.at(at, () => {
      if (!period.active) return;
      c.emit(c.now, 'csc.pep.completed', c.held({}), RECURRING);
      pep(c.days(c.now, c.rng.int(85, 150)));
    });
  };
  pep(c.wd(start, c.rng.chance(0.7) ? c.rng.int(5, 20) : c.rng.int(21, 45)));
}

/**
 * Missing episodes: 12,150 looked-after children went missing 76,890 times in 2021-22 (domain-notes §5):
 * about one in eight, six times a year each. Return interviews (E16): most offered, ~70% within 72 hours.
 */
function missing(c: Child, period: Period, start: number, age: number): void {
  if (age < 11 || !c.rng.chance(age >= 14 ? 0.22 : 0.1)) return;
  const next = (after: number): void => {
    const day = Math.floor(after / DAY) + 1 + Math.floor(c.rng.exp(55));
    const startAt = day * DAY + (15 + c.rng.int(0, 6)) * HOUR + c.rng.int(0, 59) * MINUTE;
    c.at(startAt, () => {
      if (!period.active) return;
      const now = c.now;
      const missingId = c.id('M');
      c.emit(now, 'csc.missing.started', c.held({ missingId, kind: c.rng.weighted(MISSING_KINDS) }), LATE);
      const r = c.rng.next();
      const hours = r < 0.55 ? c.rng.int(2, 16) : r < 0.9 ? c.rng.int(17, 72) : c.rng.int(73, 240);
      const ended = now + hours * HOUR + c.rng.int(0, 59) * MINUTE;
      c.emit(ended, 'csc.missing.ended', c.held({ missingId }), LATE);
      if (c.rng.chance(0.8)) {
        const days = c.rng.chance(0.72) ? c.rng.int(0, 2) : c.rng.int(3, 9);
        const at = Math.max(c.office(Math.floor(ended / DAY) + days), ended + 30 * MINUTE);
        c.emit(at, 'csc.return-interview.completed', c.held({ missingId, accepted: c.rng.chance(0.6) }), RECURRING);
      }
      next(ended);
    });
  };
  next(start);
}

/** Placement moves: ~0.6 a year in the first year, ~0.25 after: ~11% have 3+ placements in 12 months (national ~10%). */
function moves(c: Child, period: Period, start: number): void {
  const move = (at: number, longTerm: boolean): void => {
    c.at(at, () => {
      if (!period.active || period.placedForAdoption) return;
      const now = c.now;
      const age = c.ageAt(now);
      let { placementType, provider } = placement(c, age);
      if (longTerm) {
        placementType = c.rng.chance(0.3) ? 'U1' : 'U4';
        provider = 'PR1';
        period.intendedToEighteen = true;
      } else {
        period.intendedToEighteen = period.plan === 'to-18' && age >= 5 && now - period.start > 180 * DAY && c.rng.chance(0.6);
      }
      const data = {
        periodId: period.id,
        placementType,
        provider,
        reason: longTerm ? 'CARPL' : c.rng.weighted(PLACEMENT_CHANGE_REASONS),
        intendedToEighteen: period.intendedToEighteen,
      };
      c.emit(now, 'csc.lac.placement-changed', c.held(data), LATE | CORRECT);
      period.placementStart = now;
      startVisits(c, period, now);
      move(c.days(now, c.rng.exp(now - period.start < 365 * DAY ? 640 : 1500)), false);
    });
  };
  move(c.days(start, c.rng.exp(640)), false);
  // Permanence planning: a long-term placement meant to last until 18 for about half of them.
  if (period.plan === 'to-18' && c.rng.chance(0.5)) move(c.days(start, c.rng.int(200, 420)), true);
}
