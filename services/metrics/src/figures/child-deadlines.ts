import type { CaseEvent } from '@casewatch/contracts';
import { caseEventJson } from '@casewatch/event-store';
import { type KnownTenant } from '@casewatch/tenant-settings';
import { type ChildChecks, evaluateChild, healthChecksAt, type Deadline } from '@casewatch/timescales';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

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
// Children read per query: bounds memory at any tenant size (a child's events stay together).
const CHILDREN_PER_PAGE = 2000;

/** What figures and queues need of a deadline (no explain text: a tenant has millions). */
export type DeadlineFacts = Pick<Deadline, 'rule' | 'subject' | 'state' | 'startedAt' | 'dueAt' | 'metAt' | 'teamId' | 'workerId'>;

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

  constructor(private readonly dataSource: DataSource) {}

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
    await this.forEachChild(tenant, asAt, (events) => {
      for (const d of evaluateChild(events, config, { now })) out.deadlines.push(factsOf(d));
      const checks = healthChecksAt(events, known.calendar, now);
      if (checks) out.checks.push(checks);
    });
    return out;
  }

  /** Every child of the tenant with its events as known at `asAt` (withdrawn ones left out), a page at a time. */
  async forEachChild(tenant: string, asAt: number, child: (events: CaseEvent[]) => void): Promise<void> {
    let after = '';
    for (;;) {
      const last = await this.lastChildOfPage(tenant, after);
      if (last === undefined) break;
      const events = await this.page(tenant, new Date(asAt).toISOString(), after, last);
      let i = 0;
      while (i < events.length) {
        const subject = events[i].subject;
        const start = i;
        while (i < events.length && events[i].subject === subject) i++;
        child(events.slice(start, i));
      }
      after = last;
    }
  }

  private async lastChildOfPage(tenant: string, after: string): Promise<string | undefined> {
    const [row]: { last: string | null }[] = await this.dataSource.query(
      `SELECT max(subject) AS last FROM (
         SELECT DISTINCT subject FROM case_events WHERE tenant = $1 AND subject > $2 ORDER BY subject LIMIT ${CHILDREN_PER_PAGE}) c`,
      [tenant, after],
    );
    return row.last ?? undefined;
  }

  /** The events of the children after `after` up to `last`, as known at `at`, a child's together. */
  private async page(tenant: string, at: string, after: string, last: string): Promise<CaseEvent[]> {
    const [{ events }]: { events: string | null }[] = await this.dataSource.query(
      `SELECT json_agg(${caseEventJson('e')} ORDER BY e.subject)::text AS events FROM case_events e
       WHERE e.tenant = $1 AND e.subject > $3 AND e.subject <= $4
         AND e.type <> 'csc.event.retracted' AND e.recorded_at <= $2
         AND (e.retracted_at IS NULL OR e.retracted_at > $2) AND (e.superseded_at IS NULL OR e.superseded_at > $2)`,
      [tenant, at, after, last],
    );
    return JSON.parse(events ?? '[]') as CaseEvent[];
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
