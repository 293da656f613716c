// A child's checked CIN facts → draft events, with the rules imports.md leaves to the importer.
// Every id is built from the child's own dates, never from a row or file, so a re-import or next
// year's return that repeats an episode states the same ids.
import type { EventType } from '@casewatch/contracts';
import type { DraftEvent, ImportWarning } from '../import-types';
import type { CinChildFacts, CinCpPlan, CinEpisode } from './cin-parse';

export interface CinEventContext {
  file: string;
  /** The Child's line, for warnings. */
  row: number;
  /** YYYY-MM-DD (London): later dates cannot be events yet. */
  today: string;
}

/** What the drafts of one child gather: events in the file's order, and the warnings. */
export class ChildDrafts {
  readonly events: DraftEvent[] = [];
  readonly warnings: ImportWarning[] = [];

  constructor(
    readonly subject: string,
    private readonly ctx: CinEventContext,
  ) {}

  get today(): string {
    return this.ctx.today;
  }

  warn(code: string, message: string): void {
    this.warnings.push({ file: this.ctx.file, row: this.ctx.row, code, message });
  }

  /** Adds the event unless its date is after today; says whether it did. */
  add(type: EventType, date: string, data: Record<string, unknown>, fact: string, field: string): boolean {
    if (date > this.ctx.today) {
      this.warn('future-date', `${field} ${date} is after today (${this.ctx.today}): ${type} left out`);
      return false;
    }
    this.events.push({ type, subject: this.subject, date, data, fact });
    return true;
  }
}

export function childEvents(facts: CinChildFacts, ctx: CinEventContext): ChildDrafts {
  const drafts = new ChildDrafts(facts.subject, ctx);
  for (const name of new Set(facts.strayTextIn)) {
    drafts.warn('stray-text', `text outside any field in <${name}> ignored`);
  }
  detailsEvent(facts, drafts);
  for (const episode of facts.episodes) episodeEvents(episode, drafts);
  warnOverlaps(facts.episodes, drafts);
  return drafts;
}

// DfE allows one open episode at a time; overlapping ones are both kept, as the return states them.
function warnOverlaps(episodes: CinEpisode[], drafts: ChildDrafts): void {
  const sorted = [...episodes].sort((a, b) => (a.referralDate < b.referralDate ? -1 : a.referralDate > b.referralDate ? 1 : 0));
  sorted.forEach((episode, i) => {
    const next = sorted[i + 1];
    if (!next || next.referralDate === episode.referralDate) return;
    if (!episode.closureDate || episode.closureDate > next.referralDate) {
      drafts.warn('overlapping-episodes', `the episode from ${episode.referralDate} is still open on ${next.referralDate}, when the next begins`);
    }
  });
}

// Dated the 1st of the birth month and carrying the month only: the day is never published.
// An unborn child (ExpectedPersonBirthDate only) is recorded as such at its first referral.
function detailsEvent(facts: CinChildFacts, drafts: ChildDrafts): void {
  const type = 'csc.child.details-recorded';
  if (facts.birthDate && facts.birthDate > drafts.today) {
    drafts.warn('future-date', 'PersonBirthDate is after today: no child details recorded');
  } else if (facts.birthDate) {
    const month = facts.birthDate.slice(0, 7);
    drafts.add(type, `${month}-01`, { birthDate: month }, 'birth', 'PersonBirthDate');
  } else if (facts.expectedBirthDate) {
    const first = facts.episodes
      .map((episode) => episode.referralDate)
      .filter((date) => date <= drafts.today)
      .sort()[0];
    if (first) drafts.add(type, first, { unborn: true }, 'unborn', 'CINreferralDate');
  } else {
    drafts.warn('no-birth-date', 'neither PersonBirthDate nor ExpectedPersonBirthDate: no child details recorded');
  }
}

function episodeEvents(episode: CinEpisode, drafts: ChildDrafts): void {
  const { referralDate, closureDate } = episode;
  const referralId = `cin-${referralDate}`;
  // Parts of an episode dated outside it are kept (a plan carried over from a transfer-in is
  // normal) but counted, as DfE's validator queries them.
  const within = (date: string, field: string) => {
    if (date < referralDate) drafts.warn('before-referral', `${field} ${date} is before CINreferralDate ${referralDate}`);
    if (closureDate && closureDate >= referralDate && date > closureDate) {
      drafts.warn('after-closure', `${field} ${date} is after CINclosureDate ${closureDate}`);
    }
  };

  drafts.add(
    'csc.referral.received',
    referralDate,
    compact({ referralId, source: episode.source, primaryNeed: episode.primaryNeed }),
    referralId,
    'CINreferralDate',
  );

  for (const assessment of episode.assessments) {
    const assessmentId = `${referralId}-a${assessment.start}`;
    if (drafts.add('csc.assessment.started', assessment.start, { assessmentId, referralId }, assessmentId, 'AssessmentActualStartDate')) {
      within(assessment.start, 'AssessmentActualStartDate');
    }
    if (!assessment.authorised) continue;
    if (assessment.authorised < assessment.start) {
      drafts.warn(
        'completed-before-started',
        `AssessmentAuthorisationDate ${assessment.authorised} is before AssessmentActualStartDate ${assessment.start}: completion left out`,
      );
      continue;
    }
    if (assessment.factors.includes('21') && assessment.factors.length > 1) {
      drafts.warn('factor-21-with-others', 'AssessmentFactors 21 (no factors identified) given with other factors: all kept');
    }
    const factors = assessment.factors.length > 0 ? assessment.factors : undefined;
    drafts.add('csc.assessment.completed', assessment.authorised, compact({ assessmentId, factors }), assessmentId, 'AssessmentAuthorisationDate');
  }

  const conferences = new Map<string, string | undefined>(); // ICPC date → its s47Id
  for (const s47 of episode.section47s) {
    const s47Id = `${referralId}-s${s47.start}`;
    if (drafts.add('csc.s47.started', s47.start, { s47Id }, s47Id, 'S47ActualStartDate')) within(s47.start, 'S47ActualStartDate');
    if (!s47.icpc) continue;
    if (s47.icpc < s47.start) drafts.warn('icpc-before-s47', `DateOfInitialCPC ${s47.icpc} is before S47ActualStartDate ${s47.start}`);
    if (!conferences.has(s47.icpc)) conferences.set(s47.icpc, s47Id);
  }
  // CINdetails' own DateOfInitialCPC is mostly the same conference as a Section47's: one event.
  if (episode.icpc && !conferences.has(episode.icpc)) conferences.set(episode.icpc, undefined);

  const planStarts = episode.cpPlans.filter((plan) => cpPlanEvents(plan, referralId, drafts, within)).map((plan) => plan.start);
  icpcEvents(conferences, planStarts, referralId, drafts, within);

  for (const plan of episode.cinPlans) {
    const cinPlanId = `${referralId}-cinp${plan.start}`;
    if (drafts.add('csc.cin-plan.started', plan.start, { cinPlanId }, cinPlanId, 'CINPlanStartDate')) within(plan.start, 'CINPlanStartDate');
    if (!plan.end) continue;
    if (plan.end < plan.start) {
      drafts.warn('cin-plan-end-before-start', `CINPlanEndDate ${plan.end} is before CINPlanStartDate ${plan.start}: end left out`);
    } else {
      drafts.add('csc.cin-plan.ended', plan.end, { cinPlanId }, cinPlanId, 'CINPlanEndDate');
    }
  }

  if (episode.closureReason && !closureDate) {
    drafts.warn('reason-without-closure', `ReasonForClosure ${episode.closureReason} without a CINclosureDate ignored`);
  }
  if (!closureDate) return;
  if (closureDate < referralDate) {
    drafts.warn('closure-before-referral', `CINclosureDate ${closureDate} is before CINreferralDate ${referralDate}: closure left out`);
  } else {
    drafts.add('csc.referral.closed', closureDate, compact({ referralId, reason: episode.closureReason }), referralId, 'CINclosureDate');
  }
}

/** A CP plan's events; true when its start was kept (an ICPC then may have led to it). */
function cpPlanEvents(plan: CinCpPlan, referralId: string, drafts: ChildDrafts, within: (date: string, field: string) => void): boolean {
  const cpPlanId = `${referralId}-cpp${plan.start}`;
  const started = drafts.add('csc.cp-plan.started', plan.start, { cpPlanId, category: plan.category }, cpPlanId, 'CPPstartDate');
  if (started) within(plan.start, 'CPPstartDate');
  const end = plan.end !== undefined && plan.end < plan.start ? undefined : plan.end;
  if (plan.end !== undefined && end === undefined) {
    drafts.warn('cp-plan-end-before-start', `CPPendDate ${plan.end} is before CPPstartDate ${plan.start}: end left out`);
  }
  // A review on the day the plan ends is the one that ended it.
  for (const review of [...new Set(plan.reviews)]) {
    if (review < plan.start || (end !== undefined && review > end)) {
      drafts.warn('review-outside-plan', `CPPreviewDate ${review} is outside the plan ${plan.start} – ${end ?? 'open'}: left out`);
      continue;
    }
    const outcome = review === end ? 'end' : 'continue';
    drafts.add('csc.cp-review.held', review, { cpPlanId, outcome }, `${cpPlanId}-r${review}`, 'CPPreviewDate');
  }
  if (end !== undefined) drafts.add('csc.cp-plan.ended', end, { cpPlanId }, cpPlanId, 'CPPendDate');
  return started;
}

// An ICPC led to a plan when one of the episode's plans starts on its day or later, before the
// episode's next ICPC: DfE expects CPPstartDate = DateOfInitialCPC, later starts allow for lag.
function icpcEvents(
  conferences: Map<string, string | undefined>,
  planStarts: string[],
  referralId: string,
  drafts: ChildDrafts,
  within: (date: string, field: string) => void,
): void {
  const dates = [...conferences.keys()].sort();
  dates.forEach((date, i) => {
    const next = dates[i + 1];
    const ledToPlan = planStarts.some((start) => start >= date && (next === undefined || start < next));
    const conferenceId = `${referralId}-icpc${date}`;
    const data = compact({ conferenceId, s47Id: conferences.get(date), outcome: ledToPlan ? 'cp-plan' : 'no-plan' });
    if (drafts.add('csc.icpc.held', date, data, conferenceId, 'DateOfInitialCPC')) within(date, 'DateOfInitialCPC');
  });
}

/** The object without its undefined fields: the catalogue's schemas allow no nulls. */
export function compact(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined));
}
