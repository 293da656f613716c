import { PSEUDONYMOUS_ID_PATTERN, TENANT_ID_PATTERN } from '@casewatch/contracts';
import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../http/problem';

/**
 * Query parameters checked one way in every service: a bad value is a 400 problem naming the
 * parameter, never a 500 and never quietly ignored. Each service adds its own (period, state…).
 */
export type RawQuery = Record<string, unknown>;

export function badParam(name: string, message: string): ProblemException {
  return new ProblemException(HttpStatus.BAD_REQUEST, `invalid ${name}: ${message}`, [{ pointer: `/${name}`, message: `${name} ${message}` }]);
}

/** One value of a parameter; a repeated one is refused (the boundary hook does too, for every route). */
export function single(q: RawQuery, name: string, repeated = 'must be given once'): string | undefined {
  const v = q[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw badParam(name, repeated);
  return v;
}

const TENANT = new RegExp(TENANT_ID_PATTERN);
export const PSEUDONYMOUS_ID = new RegExp(PSEUDONYMOUS_ID_PATTERN);

/** A tenant id that cannot exist is answered like an unknown tenant (404), without asking the database. */
export function isTenantId(tenant: string): boolean {
  return TENANT.test(tenant);
}

export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2999;
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

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

export function parseInstant(name: string, text: string): number {
  const at = instantOf(text);
  if (at === undefined) throw badParam(name, `must be an RFC 3339 date-time on a real date, years ${FIRST_YEAR}–${LAST_YEAR} (e.g. 2026-11-30T17:00:00Z)`);
  return at;
}
