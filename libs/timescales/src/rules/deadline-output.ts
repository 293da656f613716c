// From an internal clock to a Deadline: state at `now`, a stable id, and `explain`.
import type { DeadlineState } from '@casewatch/contracts';
import { explainDue } from '../explain';
import { type Due, type Limit, warnAt } from '../limits';
import { londonOffsetAt } from '../london-offset';
import type { WorkingDayCalendar } from '../working-day-calendar';
import { anchorLabelOf } from './default-rules';
import type { Item } from './prepare-events';
import type { Deadline, ResolvedRule, RuleSettings } from './types';

/** A clock while the engine runs. */
export interface Clock {
  readonly ruleIndex: number;
  readonly settings: RuleSettings;
  /** The event that started this clock; `origin`: the one that started its chain. */
  readonly anchor: Item;
  readonly origin: Item;
  readonly step: number;
  readonly startDate: string;
  readonly limit: Limit;
  readonly due: Due;
  closedAt: number;
  closedBy: Item | undefined;
  met: boolean;
}

/** The state of a deadline at `now` (timescales.md lifecycle); alerting can call it on a timer. */
export function deadlineState(d: Pick<Deadline, 'dueAt' | 'warnAt' | 'metAt' | 'cancelledAt'>, now: number): DeadlineState {
  return stateOf(d.dueAt, d.warnAt, d.metAt, d.cancelledAt, now);
}

function stateOf(dueAt: number, warn: number, metAt: number | undefined, cancelledAt: number | undefined, now: number): DeadlineState {
  if (metAt !== undefined) return metAt <= dueAt ? 'met' : 'met-late';
  if (cancelledAt !== undefined) return 'cancelled';
  if (now > dueAt) return 'overdue';
  // warnAt = dueAt means "no warning" (warnBefore n = 0).
  return now >= warn && warn < dueAt ? 'due-soon' : 'open';
}

/** When an open deadline's state next changes by the clock alone (undefined once closed or overdue). */
export function nextStateChangeAt(d: Pick<Deadline, 'dueAt' | 'warnAt' | 'state'>): number | undefined {
  if (d.state === 'open') return d.warnAt < d.dueAt ? d.warnAt : d.dueAt + 1;
  return d.state === 'due-soon' ? d.dueAt + 1 : undefined;
}

/**
 * 128-bit hash (cyrb128, public domain) of the parts with a 0 between them, as 32 hex digits.
 * Deadline ids are stored, so this must never change. Hashing the parts in turn avoids building
 * (and flattening) one joined string per deadline.
 */
function hash128(parts: readonly string[]): string {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let p = 0; p < parts.length; p++) {
    const text = parts[p];
    for (let i = 0; i <= text.length; i++) {
      const k = i < text.length ? text.charCodeAt(i) : 0;
      h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
      h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
      h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
      h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
    }
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return hex8(h1) + hex8(h2) + hex8(h3) + hex8(h4);
}

// Number#toString(16) is slow in V8; a byte table is ~10x faster and ids are made per deadline.
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex8 = (n: number): string => HEX[(n >>> 24) & 255] + HEX[(n >>> 16) & 255] + HEX[(n >>> 8) & 255] + HEX[n & 255];

/** `<rule>.<32 hex>`: at most 97 characters, readable in logs, the same on every recomputation. */
export function deadlineIdOf(tenant: string, subject: string, rule: string, source: string, id: string): string {
  return `${rule}.${hash128([tenant, subject, rule, source, id])}`;
}

/** "2026-03-02 14:30" London wall time, for hour limits. */
function londonDateTime(epochMs: number): string {
  const wall = new Date(epochMs + londonOffsetAt(epochMs)).toISOString();
  return `${wall.slice(0, 10)} ${wall.slice(11, 16)}`;
}

function explainOf(rule: ResolvedRule, clock: Clock): string {
  const hours = clock.limit.unit === 'hours';
  let text = explainDue({
    ruleTitle: rule.title,
    anchorLabel: anchorLabelOf(clock.anchor.e.type),
    anchorDate: hours ? londonDateTime(clock.anchor.t) : clock.startDate,
    limit: clock.limit,
    skipped: clock.due.skipped,
  });
  if (rule.reference) text += ` (${rule.reference})`;
  return hours ? `${text}; due by ${londonDateTime(clock.due.dueAt)}` : `${text}; due by the end of ${clock.due.dueDate}`;
}

export interface Holder {
  readonly teamId?: string;
  readonly workerId?: string;
}

export function toDeadline(rule: ResolvedRule, clock: Clock, calendar: WorkingDayCalendar, holder: Holder | undefined, now: number): Deadline {
  const anchor = clock.anchor.e;
  const dueAt = clock.due.dueAt;
  const warnBefore = clock.settings.warnBefore;
  const warn = warnBefore !== undefined && warnBefore.n === 0 ? dueAt : warnAt(dueAt, warnBefore, calendar);
  const closer = clock.closedBy;
  const metAt = clock.met ? clock.closedAt : undefined;
  const cancelledAt = closer && !clock.met ? clock.closedAt : undefined;
  const who = holder ?? anchor.data;
  // Every field set (undefined when absent): one object shape for all deadlines.
  return {
    deadlineId: deadlineIdOf(anchor.tenant, anchor.subject, rule.id, anchor.source, anchor.id),
    rule: rule.id,
    subject: anchor.subject,
    state: stateOf(dueAt, warn, metAt, cancelledAt, now),
    startedAt: clock.anchor.t,
    startDate: clock.startDate,
    startedBy: anchor.id,
    limit: clock.limit,
    dueAt,
    dueDate: clock.due.dueDate,
    warnAt: warn,
    metAt,
    metBy: metAt === undefined ? undefined : closer?.e.id,
    cancelledAt,
    cancelledBy: cancelledAt === undefined ? undefined : closer?.e.id,
    teamId: who.teamId,
    workerId: who.workerId,
    explain: explainOf(rule, clock),
  };
}
