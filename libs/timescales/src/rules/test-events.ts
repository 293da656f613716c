// Builders for the rules specs (not exported from the package).
import type { CaseEvent, CaseEventOf, EventDataOf, EventType } from '@casewatch/contracts';
import { evaluateChild } from './deadline-engine';
import type { Deadline, TenantRuleConfig } from './types';

export const SOURCE = 'urn:la:372:lcs';
export const ENGLAND: TenantRuleConfig = Object.freeze({ nation: 'england' });
export const WALES: TenantRuleConfig = Object.freeze({ nation: 'wales' });

export interface Envelope {
  id?: string;
  source?: string;
  subject?: string;
  recordedtime?: string;
  supersedes?: string;
}

let counter = 0;

/** An event of the child C1 of tenant demo; ids count up unless given. */
export function ev<K extends EventType>(type: K, time: string, data: EventDataOf<K>, env: Envelope = {}): CaseEventOf<K> {
  const e: Record<string, unknown> = {
    specversion: '1.0',
    id: env.id ?? `auto-${++counter}`,
    source: env.source ?? SOURCE,
    type,
    time,
    subject: env.subject ?? 'C1',
    tenant: 'demo',
    data,
  };
  if (env.recordedtime !== undefined) e.recordedtime = env.recordedtime;
  if (env.supersedes !== undefined) e.supersedes = env.supersedes;
  return e as CaseEventOf<K>;
}

/** A hand-written instant: `at('2027-01-13T23:59:59Z')`. */
export const at = (iso: string): number => {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new Error(`bad instant ${iso}`);
  return t;
};

/** The deadlines of one rule, as the fields most tests compare. */
export function run(events: readonly CaseEvent[], rule: string, now: string, tenant: TenantRuleConfig = ENGLAND, asAt?: string): Summary[] {
  const all = evaluateChild(events, tenant, { now: at(now), asAt: asAt === undefined ? undefined : at(asAt) });
  return all.filter((d) => d.rule === rule).map(summary);
}

export interface Summary {
  state: Deadline['state'];
  start: string;
  due: string | undefined;
  limit: string;
  metBy?: string;
  cancelledBy?: string;
}

function summary(d: Deadline): Summary {
  const s: Summary = { state: d.state, start: d.startDate, due: d.dueDate, limit: `${d.limit.n} ${d.limit.unit}` };
  if (d.metBy !== undefined) s.metBy = d.metBy;
  if (d.cancelledBy !== undefined) s.cancelledBy = d.cancelledBy;
  return s;
}
