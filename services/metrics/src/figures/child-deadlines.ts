import { type KnownTenant } from '@casewatch/tenant-settings';
import { type ChildChecks, evaluateChild, healthChecksAt, type Deadline } from '@casewatch/timescales';
import { Injectable } from '@nestjs/common';
import type { DeadlineFacts } from '../catalogue/deadline-facts.model';
import { ChildEventsStore } from './child-events.store';

const MEMO_MS = 2000;

interface Memo {
  doneAt?: number;
  tookMs: number;
  result: Promise<ChildStates>;
}

/**
 * In flight, or finished less than MEMO_MS ago, or less than twice as long ago as it took: at
 * 100,000 children one evaluation takes ~30 s, and a full pass alternates between the period's
 * and the previous period's, so a fixed 2 s made every rule figure evaluate every child again.
 */
const fresh = (m: Memo) => m.doneAt === undefined || Date.now() - m.doneAt < Math.max(MEMO_MS, 2 * m.tookMs);

/** What the shared rules say of every child of a tenant at a moment. */
export interface ChildStates {
  deadlines: DeadlineFacts[];
  /** Looked-after children due health and dental checks. */
  checks: ChildChecks[];
}

/**
 * Every child's deadlines and checks for a tenant as at a moment, from the same rule engine as
 * alerting (libs/timescales). One evaluation serves all the rule-based figures of a request.
 */
@Injectable()
export class ChildDeadlines {
  // `doneAt` is undefined while the evaluation runs: an evaluation in flight is always shared.
  private readonly memo = new Map<string, Memo>();

  constructor(private readonly events: ChildEventsStore) {}

  /** Deadlines as they stood at `now` (a period end or the present), knowing what was recorded by `asAt`. */
  async deadlines(tenant: string, known: KnownTenant, now: number, asAt: number): Promise<DeadlineFacts[]> {
    return (await this.states(tenant, known, now, asAt)).deadlines;
  }

  states(tenant: string, known: KnownTenant, now: number, asAt: number): Promise<ChildStates> {
    const key = `${tenant}|${now}|${asAt}|${known.updatedAt}`;
    const hit = this.memo.get(key);
    if (hit && fresh(hit)) return hit.result;
    for (const [k, v] of this.memo) if (!fresh(v)) this.memo.delete(k);
    const started = Date.now();
    const entry: Memo = { tookMs: 0, result: this.evaluate(tenant, known, now, asAt) };
    entry.result.then(
      () => {
        entry.doneAt = Date.now();
        entry.tookMs = entry.doneAt - started;
      },
      () => this.memo.delete(key),
    );
    this.memo.set(key, entry);
    return entry.result;
  }

  private async evaluate(tenant: string, known: KnownTenant, now: number, asAt: number): Promise<ChildStates> {
    const settings = known.settings;
    const config = { nation: settings.nation, closureDays: settings.closureDays, rules: settings.rules };
    const out: ChildStates = { deadlines: [], checks: [] };
    await this.events.forEachChild(tenant, asAt, (events) => {
      for (const d of evaluateChild(events, config, { now })) out.deadlines.push(factsOf(d));
      const checks = healthChecksAt(events, known.calendar, now);
      if (checks) out.checks.push(checks);
    });
    return out;
  }
}

function factsOf(d: Deadline): DeadlineFacts {
  const f: { -readonly [K in keyof DeadlineFacts]: DeadlineFacts[K] } = {
    rule: d.rule,
    subject: d.subject,
    state: d.state,
    startedAt: d.startedAt,
    dueAt: d.dueAt,
  };
  if (d.metAt !== undefined) f.metAt = d.metAt;
  if (d.teamId !== undefined) f.teamId = d.teamId;
  if (d.workerId !== undefined) f.workerId = d.workerId;
  return f;
}
