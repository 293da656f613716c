// From projected rows (known at asAt) to what the rule engine says at `now`: the same DeadlineFacts
// and ChildChecks as evaluating every child's events, without reading them.
import {
  addMonthsClamped,
  CHECKS_AFTER_WORKING_DAYS,
  checkState,
  type ChildChecks,
  deadlineState,
  type LocalDate,
  londonDateOf,
  type WorkingDayCalendar,
} from '@casewatch/timescales';
import type { DeadlineFacts } from '../catalogue/deadline-facts.model';
import type { DeadlineVersion, FactVersion } from './child-history';

export type DeadlineRow = Pick<DeadlineVersion, 'rule' | 'startedAt' | 'dueAt' | 'warnAt' | 'closedAt' | 'met' | 'teamId' | 'workerId'> & { subject: string };
export type Holder = { teamId: string | null; workerId: string | null };
export type FactRow = Pick<FactVersion, 'kind' | 'fromAt' | 'toAt' | 'day' | 'teamId' | 'workerId'>;

/** A deadline started by `now`, as it stood then; `holder`: who held the case at `now`, if anyone did. */
export function deadlineAt(d: DeadlineRow, now: number, holder: Holder | undefined): DeadlineFacts {
  const closed = d.closedAt <= now;
  const metAt = closed && d.met ? d.closedAt : undefined;
  const cancelledAt = closed && !d.met ? d.closedAt : undefined;
  const who = holder ?? d;
  const f: { -readonly [K in keyof DeadlineFacts]: DeadlineFacts[K] } = {
    rule: d.rule,
    subject: d.subject,
    state: deadlineState({ dueAt: d.dueAt, warnAt: d.warnAt, metAt, cancelledAt }, now),
    startedAt: d.startedAt,
    dueAt: d.dueAt,
  };
  if (metAt !== undefined) f.metAt = metAt;
  if (who.teamId !== null) f.teamId = who.teamId;
  if (who.workerId !== null) f.workerId = who.workerId;
  return f;
}

const at = (f: FactRow, now: number) => f.fromAt <= now && now < f.toAt;

/** healthChecksAt from a child's projected facts (known at asAt): undefined when not in scope. */
export function checksAt(subject: string, facts: readonly FactRow[], calendar: WorkingDayCalendar, now: number): ChildChecks | undefined {
  let lookedAfterFrom: LocalDate | undefined;
  let health: LocalDate | undefined;
  let dental: LocalDate | undefined;
  let birth: LocalDate | undefined;
  let holder: FactRow | undefined;
  for (const f of facts) {
    if (f.fromAt > now) continue;
    const day = f.day as LocalDate;
    if (f.kind === 'lac' && at(f, now)) lookedAfterFrom = lookedAfterFrom === undefined || day < lookedAfterFrom ? day : lookedAfterFrom;
    else if (f.kind === 'health') health = health === undefined || day > health ? day : health;
    else if (f.kind === 'dental') dental = dental === undefined || day > dental ? day : dental;
    else if (f.kind === 'birth' && at(f, now)) birth = day;
    else if (f.kind === 'alloc' && at(f, now)) holder = f;
  }
  if (lookedAfterFrom === undefined) return undefined;
  const today = londonDateOf(now);
  if (calendar.workingDaysBetween(lookedAfterFrom, today) < CHECKS_AFTER_WORKING_DAYS) return undefined;
  const underFive = birth !== undefined && addMonthsClamped(birth, 60) > today;
  return {
    subject,
    lookedAfterFrom,
    health: checkState(health, underFive ? 6 : 12, today),
    dental: checkState(dental, 12, today),
    ...(holder?.teamId != null && { teamId: holder.teamId }),
    ...(holder?.workerId != null && { workerId: holder.workerId }),
  };
}
