import { badParam, FIRST_YEAR, LAST_YEAR, PSEUDONYMOUS_ID } from '@casewatch/service-kit';
import { resolvePeriod, type ResolvedPeriod } from '../catalogue/periods';
import type { Scope } from '../catalogue/figure-query.model';

// The parameters every service checks alike live in service-kit; the metrics routes' own are here.
export { badParam, FIRST_YEAR, instantOf, isTenantId, LAST_YEAR, parseInstant, single, type RawQuery } from '@casewatch/service-kit';

// The year a period names (its financial year or ISO week-year); resolvePeriod checks the rest.
const PERIOD_YEAR = /^(?:fy)?(\d{4})-?/;

/** The period forms every figure route takes, for the OpenAPI descriptions. */
export const PERIOD_FORMS = 'current (default), YYYY-MM, fyYYYY (April to March), fyYYYY-Qn (Q1 April–June … Q4 January–March) or YYYY-Www (ISO week)';
const PERIOD_RULE = `must be current, YYYY-MM, fyYYYY, fyYYYY-Qn (n 1–4) or YYYY-Www (an ISO week of that year) (years ${FIRST_YEAR}–${LAST_YEAR}), and not in the future`;

export function parsePeriod(text: string | undefined, now: number): ResolvedPeriod {
  const p = text ?? 'current';
  const year = Number(PERIOD_YEAR.exec(p)?.[1]);
  const inRange = p === 'current' || (year >= FIRST_YEAR && year <= LAST_YEAR);
  const period = inRange ? resolvePeriod(p, now) : undefined;
  if (!period) throw badParam('period', PERIOD_RULE);
  return period;
}

export function parseScope(text: string | undefined): Scope {
  const s = text ?? 'la';
  if (s === 'la') return undefined;
  const m = /^(team|worker):(.*)$/s.exec(s);
  if (!m || !PSEUDONYMOUS_ID.test(m[2]))
    throw badParam('scope', 'must be la, team:{teamId} or worker:{workerId} (ids of letters, digits, . _ -; 1–64 characters)');
  return { kind: m[1] as 'team' | 'worker', id: m[2] };
}

export function parseHistory(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = /^\d{1,2}$/.test(text) ? Number(text) : NaN;
  if (!(n >= 1 && n <= 36)) throw badParam('history', 'must be a whole number from 1 to 36');
  return n;
}
