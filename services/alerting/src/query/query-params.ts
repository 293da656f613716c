import { ALERT_STATUSES, DEADLINE_STATES, PSEUDONYMOUS_ID_PATTERN, TENANT_ID_PATTERN, type AlertStatus, type DeadlineState } from '@casewatch/contracts';
import { ProblemException } from '@casewatch/service-kit';
import { HttpStatus } from '@nestjs/common';

/**
 * The query parameters of the alerting routes, checked one way everywhere: a bad value is a 400
 * problem naming the parameter, never a 500 and never quietly ignored.
 */
export type RawQuery = Record<string, unknown>;

export function badParam(name: string, message: string): ProblemException {
  return new ProblemException(HttpStatus.BAD_REQUEST, `invalid ${name}: ${message}`, [{ pointer: `/${name}`, message: `${name} ${message}` }]);
}

/** One value of a parameter; a repeated one is refused (the global hook does too, for every route). */
export function single(q: RawQuery, name: string): string | undefined {
  const v = q[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw badParam(name, name === 'state' ? 'must be given once (several as a comma list: open,overdue)' : 'must be given once');
  return v;
}

const TENANT = new RegExp(TENANT_ID_PATTERN);
const ID = new RegExp(PSEUDONYMOUS_ID_PATTERN);
// As RuleId in contracts: a tenant may add rules of its own, so any well-formed id is asked for.
const RULE = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** A tenant id that cannot exist is answered like an unknown tenant (404), without asking the database. */
export function isTenantId(tenant: string): boolean {
  return TENANT.test(tenant);
}

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
  if (text !== undefined && !ID.test(text)) throw badParam(name, 'must be an id of letters, digits, . _ - (1–64 characters)');
  return text;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;
const FIRST_YEAR = 1900;
const LAST_YEAR = 2999;

/** An RFC 3339 date-time on a real calendar day (no 30 February, no hour 24), as epoch ms. */
export function instantOf(text: string): number | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  if (y < FIRST_YEAR || y > LAST_YEAR || mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return undefined;
  if (h > 23 || mi > 59 || s > 59) return undefined;
  let offset = 0;
  if (!m[8]) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return undefined;
    offset = (m[9] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  return Date.UTC(y, mo - 1, d, h, mi, s, ms) - offset;
}

export function parseInstant(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const at = instantOf(text);
  if (at === undefined) throw badParam(name, `must be an RFC 3339 date-time on a real date, years ${FIRST_YEAR}–${LAST_YEAR} (e.g. 2026-11-30T17:00:00Z)`);
  return at;
}
