// Single assessments, strategy discussions, section 47 enquiries and initial conferences.
import { DAY } from '../calendar';
import { CORRECT, LATE, type Child, type Episode } from '../child';

type AssessmentOutcome = 'nfa' | 'cin' | 'cp' | 'lac' | 'early-help';

export function startAssessment(c: Child, t: number, viaStrategy: boolean): void {
  c.at(t, () => {
    const episode = c.episode;
    if (!episode || episode.closed || episode.assessmentId) return;
    episode.assessmentId = c.id('A');
    c.emit(c.now, 'csc.assessment.started', c.held({ assessmentId: episode.assessmentId, referralId: episode.referralId }));
    // On the strategy route the assessment is authorised once the s47 enquiry has reported.
    if (!viaStrategy) scheduleCompletion(c, episode);
  });
}

/**
 * Authorisation 45 working days or fewer from the referral for ~83% (approx. the national share in
 * timescale, CIN 2023-24), later for the rest.
 */
function scheduleCompletion(c: Child, episode: Episode): void {
  const workingDays = c.rng.chance(0.76) ? c.rng.mid(10, 45) : c.rng.int(46, 85);
  const startDay = Math.floor(episode.start / DAY);
  c.at(c.office(c.run.cal.add(startDay, workingDays)), () => completeAssessment(c, episode));
}

function completeAssessment(c: Child, episode: Episode, forced?: AssessmentOutcome): void {
  if (episode.closed || episode.assessmentDone || !episode.assessmentId) return;
  episode.assessmentDone = true;
  let outcome: AssessmentOutcome | 's47' =
    forced ??
    (c.lac?.active
      ? 'lac'
      : c.rng.weighted<AssessmentOutcome | 's47'>([
          ['nfa', 40],
          ['early-help', 12],
          ['cin', 41],
          ['lac', 4],
          ['s47', 3.5],
        ]));
  const next = outcome;
  if (outcome === 's47') outcome = 'cin';
  const factors = episode.factors.length > 0 ? episode.factors.slice() : ['21'];
  const now = c.now;
  c.emit(now, 'csc.assessment.completed', c.held({ assessmentId: episode.assessmentId, factors, outcome }), LATE | CORRECT);
  if (forced || c.lac?.active) return;
  switch (next) {
    case 'nfa':
      c.steps.closeEpisode(c, c.wd(now, c.rng.int(0, 5)), 'RC8');
      break;
    case 'early-help':
      c.steps.closeEpisode(c, c.wd(now, c.rng.int(0, 5)), 'RC9');
      break;
    case 'cin':
      c.steps.cinPlan(c, c.wd(now, c.rng.int(0, 10)));
      break;
    case 'lac': {
      // Babies and toddlers mostly come into care through the court; older children mostly by agreement.
      const court = c.rng.chance(c.ageAt(now) < 5 ? 0.7 : 0.25);
      c.steps.lacStart(c, c.wd(now, c.rng.int(0, 2)), court ? 'proceedings' : 's20');
      break;
    }
    case 's47':
      c.steps.strategy(c, c.wd(now, c.rng.int(0, 2)), false);
      c.steps.cinPlan(c, c.wd(now, c.rng.int(1, 5)));
      break;
  }
}

/**
 * Strategy discussion → s47 enquiry → initial conference. National shape: ~201,000 s47s and 77,470
 * ICPCs a year against ~640,000 referrals (domain-notes §5), so ~31% of referrals reach s47 and
 * ~38% of s47s an ICPC; ~78% of ICPCs within 15 working days (approx.); ~77% make a plan (assumed).
 */
export function strategy(c: Child, t: number, withAssessment: boolean): void {
  c.at(t, () => {
    const episode = c.episode;
    if (!episode || episode.closed || c.cp?.active || c.lac?.active) return;
    const now = c.now;
    const strategyId = c.id('SD');
    const s47 = c.rng.chance(0.88);
    c.emit(now, 'csc.strategy-discussion.held', c.held({ strategyId, outcome: s47 ? 's47' : 'no-s47' }));
    if (!s47) {
      if (withAssessment) scheduleCompletion(c, episode);
      return;
    }
    const s47Id = c.id('S');
    c.emit(c.later(now, 10, 90), 'csc.s47.started', c.held({ s47Id, strategyId }));
    // Immediate protection (police protection or an EPO) for a few, babies most often.
    if (c.rng.chance(c.ageAt(now) < 1 ? 0.12 : 0.035)) c.steps.lacStart(c, c.later(now, 60, 240), 'emergency');
    const outcome = c.rng.weighted<'icpc' | 'continue-cin' | 'nfa'>([
      ['icpc', c.cpPlans > 0 ? 50 : 40],
      ['continue-cin', 35],
      ['nfa', 25],
    ]);
    const strategyDay = Math.floor(now / DAY);
    const enquiryDays = c.rng.mid(3, 14);
    c.at(c.wd(now, enquiryDays), () => {
      if (episode.closed) return;
      const done = c.now;
      c.emit(done, 'csc.s47.completed', c.held({ s47Id, outcome }), LATE);
      if (withAssessment) {
        const forced = outcome === 'icpc' ? 'cp' : outcome === 'continue-cin' ? 'cin' : 'nfa';
        c.at(c.wd(done, c.rng.int(0, 5)), () => completeAssessment(c, episode, forced));
      }
      if (outcome === 'icpc') {
        const drawn = c.rng.chance(0.78) ? c.rng.int(8, 15) : c.rng.int(16, 30);
        const conferenceDay = c.run.cal.add(strategyDay, Math.max(drawn, enquiryDays + 1));
        c.at(c.office(conferenceDay), () => conference(c, episode, s47Id));
      } else if (outcome === 'continue-cin') {
        c.steps.cinPlan(c, c.wd(done, c.rng.int(0, 5)));
      } else if (!c.cin?.active) {
        c.steps.closeEpisode(c, c.wd(done, c.rng.int(6, 12)), 'RC8');
      }
    });
  });
}

function conference(c: Child, episode: Episode, s47Id: string): void {
  if (episode.closed) return;
  const now = c.now;
  const plan = c.rng.chance(c.cpPlans > 0 ? 0.85 : 0.77);
  c.emit(now, 'csc.icpc.held', c.held({ conferenceId: c.id('IC'), s47Id, outcome: plan ? 'cp-plan' : 'no-plan' }), LATE);
  if (plan) c.steps.cpPlan(c, c.later(now, 30, 90));
  else c.steps.cinPlan(c, c.wd(now, c.rng.int(0, 5)));
}
