import { ALERT_STATUSES, DEADLINE_STATES, type AlertStatus, type DeadlineState } from '@casewatch/contracts';
import { badParam, parseInstant as parseInstantOf, PSEUDONYMOUS_ID, single as singleOf, type RawQuery } from '@casewatch/service-kit';

// The parameters every service checks alike live in service-kit; the alerting routes' own are here.
export { badParam, instantOf, isTenantId, type RawQuery } from '@casewatch/service-kit';

/** One value of a parameter; several states are a comma list, not a repeat. */
export function single(q: RawQuery, name: string): string | undefined {
  return singleOf(q, name, name === 'state' ? 'must be given once (several as a comma list: open,overdue)' : 'must be given once');
}

// As RuleId in contracts: a tenant may add rules of its own, so any well-formed id is asked for.
const RULE = /^[a-z0-9][a-z0-9-]{0,63}$/;

export const DEFAULT_STATES: DeadlineState[] = ['open', 'due-soon', 'overdue'];

/** `state`: one state or a comma list of them. */
export function parseStates(text: string | undefined): DeadlineState[] {
  if (text === undefined) return DEFAULT_STATES;
  const states = text.split(',');
  if (!states.every((s) => (DEADLINE_STATES as readonly string[]).includes(s))) {
    throw badParam('state', `must be one or more (comma-separated) of ${DEADLINE_STATES.join(', ')}`);
  }
  return [...new Set(states)] as DeadlineState[];
}

export function parseStatus(text: string | undefined): AlertStatus | undefined {
  if (text !== undefined && !(ALERT_STATUSES as readonly string[]).includes(text)) throw badParam('status', `must be ${ALERT_STATUSES.join(' or ')}`);
  return text as AlertStatus | undefined;
}

export function parseRule(text: string | undefined): string | undefined {
  if (text !== undefined && !RULE.test(text)) throw badParam('rule', 'must be a rule id of lowercase letters, digits and - (e.g. lac-visit)');
  return text;
}

/** `subject`, `teamId`, `workerId`: pseudonymous ids. */
export function parseId(name: string, text: string | undefined): string | undefined {
  if (text !== undefined && !PSEUDONYMOUS_ID.test(text)) throw badParam(name, 'must be an id of letters, digits, . _ - (1–64 characters)');
  return text;
}

/** An optional instant (`since`). */
export function parseInstant(name: string, text: string | undefined): number | undefined {
  return text === undefined ? undefined : parseInstantOf(name, text);
}
