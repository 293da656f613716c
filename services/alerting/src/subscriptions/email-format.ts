import { DEADLINE_STATES, londonOffsetMs, type Alert } from '@casewatch/contracts';

/** What an email says about one alert: no names, only the pseudonymous child id. */
export interface EmailAlert {
  rule: string;
  subject: string;
  kind: Alert['kind'];
  reason?: Alert['reason'];
  /** The deadline's due instant; null when the deadline is no longer stored. */
  dueAt: Date | null;
}

export interface EmailContent {
  subject: string;
  text: string;
}

const KIND_WORDS: Record<Alert['kind'], string> = { 'due-soon': 'Due soon', overdue: 'Overdue', resolved: 'Resolved' };

/** `2026-10-13 23:59` as London wall-clock time (BST or GMT as it was then). */
export function londonWallTime(at: Date): string {
  const wall = new Date(at.getTime() + londonOffsetMs(at.getTime())).toISOString();
  return `${wall.slice(0, 10)} ${wall.slice(11, 16)}`;
}

/** The child's deadlines under this rule, whatever their state, so the link still works once it is met. */
export function deadlineLink(baseUrl: string, tenant: string, a: Pick<EmailAlert, 'rule' | 'subject'>): string {
  const query = new URLSearchParams({ subject: a.subject, rule: a.rule, state: DEADLINE_STATES.join(',') });
  return `${baseUrl.replace(/\/+$/, '')}/v1/tenants/${encodeURIComponent(tenant)}/deadlines?${query}`;
}

function kindWords(a: EmailAlert): string {
  return a.kind === 'resolved' && a.reason ? `${KIND_WORDS.resolved} (${a.reason.replace('-', ' ')})` : KIND_WORDS[a.kind];
}

function block(baseUrl: string, tenant: string, a: EmailAlert, heading = kindWords(a)): string {
  return [
    `${heading}: ${a.rule}`,
    `Child: ${a.subject}`,
    `Due: ${a.dueAt ? `${londonWallTime(a.dueAt)} London time` : 'unknown'}`,
    `Deadline: ${deadlineLink(baseUrl, tenant, a)}`,
  ].join('\n');
}

/** One alert, one short plain message. */
export function alertEmail(baseUrl: string, tenant: string, a: EmailAlert): EmailContent {
  return { subject: `[Casewatch] ${kindWords(a)}: ${a.rule}, child ${a.subject}`, text: `${block(baseUrl, tenant, a)}\n` };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What a reminder says instead of its kind: it was in an earlier digest and nobody has acknowledged it. */
export const REMINDER_WORDS = 'Still overdue, not acknowledged';

/**
 * The day's alerts of one subscription in one message, in the order given, then the reminders:
 * overdue alerts of earlier digests that are still overdue and not acknowledged.
 */
export function digestEmail(baseUrl: string, tenant: string, date: string, alerts: EmailAlert[], reminders: EmailAlert[] = []): EmailContent {
  const count = plural(alerts.length, 'alert');
  const still = plural(reminders.length, 'earlier alert');
  const summary =
    reminders.length === 0
      ? `${count} since the last digest.`
      : `${alerts.length === 0 ? 'No new alerts' : count} since the last digest; ${still} still overdue, not acknowledged.`;
  const subject = reminders.length === 0 ? count : `${alerts.length === 0 ? 'no new alerts' : count}, ${reminders.length} still overdue`;
  return {
    subject: `[Casewatch] Daily digest ${date}: ${subject}`,
    text: [summary, ...alerts.map((a) => block(baseUrl, tenant, a)), ...reminders.map((a) => block(baseUrl, tenant, a, REMINDER_WORDS))].join('\n\n') + '\n',
  };
}
