// Plain words for a deadline, for `explain` and alert texts.
import type { Limit, LimitUnit } from './limits';
import type { SkippedDay } from './working-day-calendar';

export interface DueExplanationInput {
  /** The rule's title; when given it leads the sentence ("Initial child protection conference: …"). */
  readonly ruleTitle?: string;
  /** What started the clock, without an article: 'strategy discussion'. */
  readonly anchorLabel: string;
  /** When it happened: a `YYYY-MM-DD` date (said "on …") or any other time text (said "at …"). */
  readonly anchorDate: string;
  readonly limit: Limit;
  /** Days the count stepped over, as computeDue returns them. */
  readonly skipped?: readonly SkippedDay[];
  /** When given: "; due by the end of <dueDate>" (or "; due by <dueDate>" for hours). */
  readonly dueDate?: string;
}

const UNIT_WORDS: Record<LimitUnit, readonly [singular: string, plural: string]> = {
  'working-days': ['working day', 'working days'],
  days: ['day', 'days'],
  weeks: ['week', 'weeks'],
  months: ['month', 'months'],
  hours: ['hour', 'hours'],
};

/** Says the limit in words ("15 working days", "1 month"). */
export function describeLimit(limit: Limit): string {
  const [singular, plural] = UNIT_WORDS[limit.unit];
  return `${limit.n} ${limit.n === 1 ? singular : plural}`;
}

/**
 * E.g. "15 working days after the strategy discussion on 2026-12-18, skipping 2026-12-25 (Christmas
 * Day), 2026-12-28 (Boxing Day (substitute day)), 2027-01-01 (New Year's Day)".
 */
export function explainDue(input: DueExplanationInput): string {
  const preposition = /^\d{4}-\d{2}-\d{2}$/.test(input.anchorDate) ? 'on' : 'at';
  let text = `${describeLimit(input.limit)} after the ${input.anchorLabel} ${preposition} ${input.anchorDate}`;
  if (input.ruleTitle) text = `${input.ruleTitle}: ${text}`;
  if (input.skipped && input.skipped.length > 0) {
    text += `, skipping ${input.skipped.map((s) => `${s.date} (${s.title})`).join(', ')}`;
  }
  if (input.dueDate) {
    text += input.limit.unit === 'hours' ? `; due by ${input.dueDate}` : `; due by the end of ${input.dueDate}`;
  }
  return text;
}
