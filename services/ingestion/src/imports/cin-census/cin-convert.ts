// One <Child> → its events, or the problems that make it unusable (then it is skipped whole).
import type { EventType } from '@casewatch/contracts';
import type { ChildConversion, DraftEvent, ImportWarning } from '../import-types';
import { childEvents } from './cin-events';
import { parseCinChild } from './cin-parse';
import type { CinChild } from './cin-reader';

export interface CinConvertContext {
  file: string;
  /** Today, YYYY-MM-DD (London). */
  today: string;
}

// Within a day, an episode's steps in the order practice takes them.
const TYPE_ORDER: readonly EventType[] = [
  'csc.child.details-recorded',
  'csc.referral.received',
  'csc.assessment.started',
  'csc.s47.started',
  'csc.icpc.held',
  'csc.cp-plan.started',
  'csc.cin-plan.started',
  'csc.assessment.completed',
  'csc.cp-review.held',
  'csc.cp-plan.ended',
  'csc.cin-plan.ended',
  'csc.referral.closed',
];
const RANK = new Map(TYPE_ORDER.map((type, i) => [type, i]));

/**
 * The child's events in practice order (date, step, fact): the same child always gives the same
 * list. A child with any problem gives no events and no warnings, only `rejected`.
 */
export function convertCinChild(child: CinChild, ctx: CinConvertContext): ChildConversion {
  const { facts, problems } = parseCinChild(child, ctx.file);
  if (problems.length > 0) return { subject: facts.subject, events: [], rejected: problems, warnings: [] };

  const drafts = childEvents(facts, { file: ctx.file, row: child.line, today: ctx.today });
  const warnings = [...drafts.warnings];
  const events = withoutRepeats(
    drafts.events,
    facts.episodes.map((episode) => episode.referralDate),
    (warning) => warnings.push({ file: ctx.file, row: child.line, ...warning }),
  );
  events.sort((a, b) => compare(a.date, b.date) || (RANK.get(a.type) ?? 99) - (RANK.get(b.type) ?? 99) || compare(a.fact, b.fact));
  return { subject: facts.subject, events, rejected: [], warnings };
}

// An id names one fact, so a second event of the same type and id is a repeat: the first stated
// wins. Episodes sharing a referral date are one episode (their ids coincide), merged.
function withoutRepeats(events: DraftEvent[], referralDates: string[], warn: (warning: Pick<ImportWarning, 'code' | 'message'>) => void): DraftEvent[] {
  for (const date of new Set(referralDates.filter((date, i) => referralDates.indexOf(date) !== i))) {
    warn({ code: 'duplicate-episode', message: `more than one <CINdetails> with CINreferralDate ${date}: merged` });
  }
  const kept = new Map<string, DraftEvent>();
  for (const event of events) {
    const key = `${event.type}|${event.fact}`;
    const earlier = kept.get(key);
    if (!earlier) {
      kept.set(key, event);
    } else if (earlier.date !== event.date || JSON.stringify(earlier.data) !== JSON.stringify(event.data)) {
      warn({ code: 'conflicting-repeat', message: `${event.type} ${event.fact} stated twice with different details: the first kept` });
    }
  }
  return [...kept.values()];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
