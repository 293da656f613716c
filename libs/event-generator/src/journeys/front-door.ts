// Contacts, referrals, allocation and the end of an episode of need (with re-referrals).
import { DAY, birthday, monthString } from '../calendar';
import { CORRECT, DUPLICATE, type Child, type Episode } from '../child';
import { AGE_AT_FIRST_CONTACT, CONTACT_OUTCOMES, ETHNICITIES, FACTORS, PRIMARY_NEEDS, REFERRAL_SOURCES } from '../codes';

const YEAR = 365.25;

/** The first thing that happens to a child: who they are, then why they came. */
export function arrive(c: Child): void {
  const t = c.now;
  const day = c.dayOf(t);
  const r = c.rng.next();
  if (r < 0.025) {
    // Already a care leaver (left care before the window): only pathway contacts from now on.
    c.birthDay = day - Math.floor(YEAR * 18 + c.rng.int(0, 900));
    details(c, t, false);
    c.steps.careLeaver(c, c.later(t, 5, 60));
    return;
  }
  if (r < 0.031) {
    // An unaccompanied asylum-seeking child: ~8% of those looked after (approx. 6,540 of 81,770 CLA
    // are UASC, [EES-CLA]).
    c.uasc = true;
    c.birthDay = day - Math.floor(YEAR * c.rng.int(14, 17) + c.rng.int(0, 364));
    c.sex = c.rng.chance(0.9) ? 'M' : 'F';
    details(c, t, false);
    contact(c, c.later(t, 1, 5), true);
    return;
  }
  if (c.rng.chance(0.03)) {
    // A pre-birth referral: the birth month is expected, then recorded once the baby is born.
    c.unborn = true;
    c.birthDay = day + c.rng.int(20, 150);
    c.emit(t, 'csc.child.details-recorded', { birthDate: monthString(c.birthDay), unborn: true }, CORRECT);
    c.at(c.days(c.birthDay * DAY, c.rng.int(1, 10)), () => details(c, c.now, true), true);
  } else {
    const [minAge, maxAge] = c.rng.weighted(AGE_AT_FIRST_CONTACT);
    c.birthDay = day - Math.floor(YEAR * c.rng.int(minAge, maxAge) + c.rng.int(0, 364));
    details(c, t, false);
  }
  contact(c, c.later(t, 1, 5), false);
}

function details(c: Child, t: number, born: boolean): void {
  const data: Record<string, unknown> = { birthDate: monthString(c.birthDay) };
  if (born) data.unborn = false;
  if (!born) c.sex = c.rng.chance(0.52) ? 'M' : 'F';
  data.sex = c.sex;
  data.ethnicity = c.uasc ? c.rng.pick(['OOTH', 'AOTH', 'BAFR', 'AOTH']) : c.rng.weighted(ETHNICITIES);
  data.disability = c.disabled = c.rng.chance(0.1);
  c.emit(t, 'csc.child.details-recorded', data, CORRECT);
}

/** A contact to the front door, its decision within about a working day, and what follows. */
export function contact(c: Child, t: number, known: boolean): void {
  c.at(
    t,
    () => {
      const now = c.now;
      if (c.ageAt(now) >= 18 || (c.episode && !c.episode.closed)) return;
      const contactId = c.id('CT');
      const source = c.uasc ? c.rng.pick(['6', '8']) : c.rng.weighted(REFERRAL_SOURCES);
      c.emit(now, 'csc.contact.received', { contactId, source }, CORRECT | DUPLICATE);
      const r = c.rng.next();
      const decided = r < 0.78 ? c.later(now, 20, 240) : r < 0.95 ? c.wd(now, 1) : c.wd(now, c.rng.int(2, 4));
      const outcome = c.uasc || (known && c.rng.chance(0.8)) ? 'referral' : c.rng.weighted(CONTACT_OUTCOMES);
      c.emit(decided, 'csc.contact.decided', { contactId, outcome });
      if (outcome === 'referral') {
        c.at(c.later(decided, 1, 15), () => referral(c, source), true);
      } else if (c.rng.chance(0.18)) {
        // Worries recur: another contact months later, more likely to become a referral.
        contact(c, c.days(decided, c.rng.int(30, 270)), c.rng.chance(0.5));
      }
    },
    true,
  );
}

function drawFactors(c: Child): string[] {
  const factors: string[] = [];
  for (const [code, share] of FACTORS) if (c.rng.chance(share)) factors.push(code);
  return factors;
}

/** A referral opens an episode of need; most are assessed, some go straight to a strategy discussion. */
function referral(c: Child, source: string): void {
  const now = c.now;
  const episode: Episode = {
    referralId: c.id('R'),
    start: now,
    closed: false,
    assessmentDone: false,
    factors: drawFactors(c),
  };
  c.episode = episode;
  const data: Record<string, unknown> = {
    referralId: episode.referralId,
    source,
    primaryNeed: c.uasc ? 'N9' : c.rng.weighted(PRIMARY_NEEDS),
  };
  if (episode.factors.length > 0 && c.rng.chance(0.5)) data.factors = episode.factors.slice();
  c.emit(now, 'csc.referral.received', data, CORRECT);

  // CIN episodes end at 18 unless the child is looked after (then care-leaving takes over). Only
  // scheduled when it could matter, so younger children do not sit idle in the scheduler for years.
  const eighteen = birthday(c.birthDay, 18);
  if (eighteen * DAY > now && eighteen * DAY < now + 4 * 365 * DAY) {
    c.at(c.office(eighteen), () => {
      if (c.episode === episode && !c.lac?.active) closeEpisode(c, c.now, 'RC6');
    });
  }

  if (c.uasc) {
    c.steps.allocate(c, c.later(now, 10, 90), false);
    c.steps.startAssessment(c, c.wd(now, 1), false);
    c.steps.lacStart(c, c.wd(now, c.rng.int(0, 1)), 'uasc');
    return;
  }
  const r = c.rng.next();
  const strategyShare = c.cpPlans > 0 || c.unborn || c.ageAt(now) < 1 ? 0.45 : 0.3;
  if (r < 0.07) {
    // Screened out after the referral: no assessment.
    closeEpisode(c, c.wd(now, c.rng.int(1, 5)), 'RC6');
  } else if (r < 0.07 + strategyShare) {
    // Significant-harm concerns: allocated at once, strategy discussion the same or next day.
    c.steps.allocate(c, c.later(now, 10, 120), false);
    c.steps.strategy(c, c.wd(now, c.rng.chance(0.6) ? 0 : 1), true);
    c.steps.startAssessment(c, c.wd(now, c.rng.int(0, 2)), true);
  } else {
    const a = c.rng.next();
    const wait = a < 0.4 ? 0 : a < 0.7 ? 1 : a < 0.9 ? c.rng.int(2, 3) : c.rng.int(4, 12);
    c.steps.allocate(c, c.wd(now, wait), false);
    c.steps.startAssessment(c, c.wd(now, Math.min(wait, c.rng.int(0, 3))), false);
  }
}

/** Ends the open episode of need (RC1–RC9), the allocation with it, and perhaps schedules a re-referral. */
export function closeEpisode(c: Child, t: number, reason: string): void {
  c.at(t, () => {
    const now = c.now;
    const episode = c.episode;
    if (!episode || episode.closed || c.lac?.active) return;
    if (c.cp?.active) c.steps.endCpPlan(c, now);
    if (c.cin?.active) c.steps.endCinPlan(c, now);
    if (c.breaks?.active) c.steps.endShortBreaks(c);
    episode.closed = true;
    c.compactSoon = true;
    c.emit(c.later(now, 1, 5), 'csc.referral.closed', c.held({ referralId: episode.referralId, reason }));
    if (c.worker > 0) {
      c.emit(c.later(now, 10, 60), 'csc.worker.unallocated', { workerId: `SW${c.worker}` });
      c.worker = 0;
      c.allocation++;
    }
    if (c.ageAt(now) >= 17 || c.uasc) return;
    // Re-referrals: national ~22.6% of referrals are within 12 months of the child's previous one
    // [EES-CIN]. Short episodes come back within the year; any episode may come back later.
    const daysLeftInYear = 365 - (now - episode.start) / DAY;
    const r = c.rng.next();
    if (daysLeftInYear > 30 && r < 0.36) {
      contact(c, c.days(now, c.rng.int(7, Math.floor(daysLeftInYear) - 10)), true);
    } else if (r < 0.48) {
      contact(c, c.days(now, c.rng.int(Math.max(30, Math.ceil(daysLeftInYear)), 900)), true);
    }
  });
}

/** Allocates a worker (or, with `change`, reallocates to another), with turnover later on. */
export function allocate(c: Child, t: number, change: boolean): void {
  c.at(t, () => {
    const episode = c.episode;
    if (!episode || episode.closed || (!change && c.worker > 0)) return;
    const { teams, workersPerTeam } = c.run.config;
    if (c.team === 0 || (change && c.rng.chance(0.2))) c.team = c.rng.int(1, teams);
    let worker = (c.team - 1) * workersPerTeam + c.rng.int(1, workersPerTeam);
    if (change && worker === c.worker && workersPerTeam > 1) {
      worker = (c.team - 1) * workersPerTeam + ((worker - (c.team - 1) * workersPerTeam) % workersPerTeam) + 1;
    }
    c.worker = worker;
    const token = ++c.allocation;
    c.emit(c.now, 'csc.worker.allocated', { workerId: `SW${worker}`, teamId: `T${c.team}` });
    // Worker turnover: a change every year or so on a long case; now and then a gap with nobody.
    c.at(c.days(c.now, c.rng.exp(420)), () => {
      if (c.allocation !== token || episode.closed) return;
      if (c.rng.chance(0.1)) {
        c.emit(c.now, 'csc.worker.unallocated', { workerId: `SW${c.worker}` });
        c.worker = 0;
        c.allocation++;
        allocate(c, c.wd(c.now, c.rng.int(3, 15)), false);
      } else {
        allocate(c, c.now, true);
      }
    });
  });
}
