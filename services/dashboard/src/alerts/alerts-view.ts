import type { Alert, Deadline } from '@casewatch/contracts';
import { londonDate, londonDateTime } from '../common/periods';

export const RULE_TITLES: Record<string, string> = {
  'contact-decision': 'Contact decision',
  assessment: 'Assessment',
  s47: 'Section 47 enquiry',
  icpc: 'Initial child protection conference',
  'cp-visit': 'Child protection visit',
  'cin-visit': 'Child in need visit',
  'cp-review': 'Child protection review',
  'lac-visit': 'Looked-after child visit',
  'lac-review': 'Looked-after child review',
  'initial-health-assessment': 'Initial health assessment',
  'review-health-assessment': 'Review health assessment',
  pep: 'Personal education plan',
  'return-interview': 'Return interview',
  'pathway-plan': 'Pathway plan',
};

export function ruleTitle(rule: string): string {
  return RULE_TITLES[rule] ?? rule.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

export interface AlertRow {
  alertId: string;
  rule: string;
  subject: string;
  kind: string;
  kindTag: { text: string; classes: string };
  firedAt: string;
  resolvedAt: string;
  teamId: string;
  workerId: string;
  acknowledged?: { by: string; at: string; comment: string };
}

const KIND_TAGS: Record<string, { text: string; classes: string }> = {
  overdue: { text: 'Overdue', classes: 'govuk-tag--red' },
  'due-soon': { text: 'Due soon', classes: 'govuk-tag--yellow' },
  resolved: { text: 'Resolved', classes: 'govuk-tag--green' },
};

export function alertRows(alerts: readonly Alert[]): AlertRow[] {
  return [...alerts]
    .sort((a, b) => b.firedAt.localeCompare(a.firedAt))
    .map((a) => ({
      alertId: a.alertId,
      rule: ruleTitle(a.rule),
      subject: a.subject,
      kind: a.kind,
      kindTag: KIND_TAGS[a.kind] ?? { text: a.kind, classes: 'govuk-tag--grey' },
      firedAt: londonDateTime(a.firedAt),
      resolvedAt: londonDateTime(a.resolvedAt),
      teamId: a.teamId ?? '',
      workerId: a.workerId ?? '',
      acknowledged: a.acknowledged ? { by: a.acknowledged.by, at: londonDateTime(a.acknowledged.at), comment: a.acknowledged.comment } : undefined,
    }));
}

export interface DeadlineRow {
  deadlineId: string;
  rule: string;
  subject: string;
  due: string;
  state: string;
  teamId: string;
  workerId: string;
  explain: string;
}

/** Deadlines soonest (or longest overdue) first. */
export function deadlineRows(deadlines: readonly Deadline[]): DeadlineRow[] {
  return [...deadlines]
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt))
    .map((d) => ({
      deadlineId: d.deadlineId,
      rule: ruleTitle(d.rule),
      subject: d.subject,
      due: londonDate(d.dueAt),
      state: d.state,
      teamId: d.teamId ?? '',
      workerId: d.workerId ?? '',
      explain: d.explain ?? '',
    }));
}

export const COMMENT_MAX = 2000;

/** A comment from the form: trimmed; empty or too long is refused with a message. */
export function checkComment(raw: unknown): { comment?: string; error?: string } {
  const comment = typeof raw === 'string' ? raw.trim() : '';
  if (comment === '') return { error: 'Enter a comment saying what is being done' };
  if (comment.length > COMMENT_MAX) return { error: `The comment must be ${COMMENT_MAX} characters or fewer` };
  return { comment };
}
