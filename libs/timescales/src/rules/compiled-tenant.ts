// A tenant's rules turned into what the engine loops over: for each event type, the (rule, role,
// conditions) it can play. Built once per tenant; evaluation then does no rule lookups by name.
import { isShortBreakStatus, legalStatusOf } from '../care/care-periods';
import { WorkingDayCalendar } from '../working-day-calendar';
import { resolveRules } from './effective-rules';
import type { ResolvedRule, RuleMatcher, TenantRuleConfig } from './types';

export const ROLE_START = 0;
export const ROLE_COMPLETE = 1;
export const ROLE_CANCEL = 2;
export type Role = typeof ROLE_START | typeof ROLE_COMPLETE | typeof ROLE_CANCEL;

type Scalar = string | number | boolean;

/** One thing an event type can do to one rule. */
export interface Handler {
  readonly ruleIndex: number;
  readonly role: Role;
  readonly where: readonly (readonly [string, Scalar])[];
  readonly whereNot: readonly (readonly [string, Scalar])[];
  readonly sameAs: readonly string[];
  /** Index into CompiledTenant.vias, or −1. */
  readonly via: number;
  /** sameAs fields missing on either side match (always so for a `via` look-up). */
  readonly loose: boolean;
  readonly restartOnly: boolean;
  readonly unlessShortBreak: boolean;
}

export interface CompiledTenant {
  readonly calendar: WorkingDayCalendar;
  readonly rules: readonly ResolvedRule[];
  /** Event type → its handlers, ordered by role (start, complete, cancel). */
  readonly handlers: ReadonlyMap<string, readonly Handler[]>;
  /** The distinct `via` look-ups (event type + id field). */
  readonly vias: readonly { readonly type: string; readonly by: string }[];
}

// Calendars cost ~1–5 ms to build: share them between tenants with the same days off.
const calendars = new Map<string, WorkingDayCalendar>();
const compiled = new WeakMap<TenantRuleConfig, CompiledTenant>();

function calendarFor(tenant: TenantRuleConfig): WorkingDayCalendar {
  const closures = tenant.closureDays ?? [];
  const key = `${tenant.nation}|${[...closures].sort().join(',')}`;
  let calendar = calendars.get(key);
  if (!calendar) {
    if (calendars.size >= 1000) calendars.clear();
    calendar = new WorkingDayCalendar({ nation: tenant.nation, closureDays: closures });
    calendars.set(key, calendar);
  }
  return calendar;
}

function handlerOf(ruleIndex: number, role: Role, m: RuleMatcher, vias: { type: string; by: string }[]): Handler {
  let via = -1;
  if (m.via) {
    const { type, by } = m.via;
    via = vias.findIndex((v) => v.type === type && v.by === by);
    if (via < 0) via = vias.push({ type, by }) - 1;
  }
  return {
    ruleIndex,
    role,
    where: Object.entries(m.where ?? {}),
    whereNot: Object.entries(m.whereNot ?? {}),
    sameAs: m.sameAs ?? [],
    via,
    loose: m.loose === true || via >= 0,
    restartOnly: m.restartOnly === true,
    unlessShortBreak: m.unlessShortBreak === true,
  };
}

/**
 * Compiles a tenant's rules. Cached per tenant object: keep the object (or the result) between
 * evaluations, since a new calendar or rule set per call would cost far more than the evaluation.
 */
export function compileTenant(tenant: TenantRuleConfig): CompiledTenant {
  const cached = compiled.get(tenant);
  if (cached) return cached;
  const rules = resolveRules(tenant);
  const handlers = new Map<string, Handler[]>();
  const vias: { type: string; by: string }[] = [];
  rules.forEach((rule, ruleIndex) => {
    const add = (role: Role, matchers: readonly RuleMatcher[]): void => {
      for (const m of matchers) {
        const list = handlers.get(m.type) ?? [];
        list.push(handlerOf(ruleIndex, role, m, vias));
        handlers.set(m.type, list);
      }
    };
    add(ROLE_START, rule.starts);
    add(ROLE_COMPLETE, rule.completes);
    add(ROLE_CANCEL, rule.cancels);
  });
  for (const list of handlers.values()) list.sort((a, b) => a.role - b.role);
  const result: CompiledTenant = { calendar: calendarFor(tenant), rules, handlers, vias };
  compiled.set(tenant, result);
  return result;
}

/** Whether an event's data meets a handler's where / whereNot conditions. */
export function conditionsHold(h: Handler, data: Readonly<Record<string, unknown>>): boolean {
  for (const [field, value] of h.where) if (data[field] !== value) return false;
  for (const [field, value] of h.whereNot) if (data[field] === value) return false;
  return !(h.unlessShortBreak && isShortBreakStatus(legalStatusOf(data)));
}
