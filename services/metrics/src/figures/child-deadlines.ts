import type { CaseEvent } from '@casewatch/contracts';
import type { KnownTenant } from '@casewatch/event-store';
import { type ChildChecks, evaluateChild, healthChecksAt, type Deadline } from '@casewatch/timescales';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

const MEMO_MS = 2000;
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

interface EventRecord {
  source: string;
  event_id: string;
  subject: string;
  type: string;
  practice_at: Date;
  recorded_at: Date;
  data: Record<string, unknown>;
}

/**
 * Every child's deadlines and checks for a tenant as at a moment, from the same rule engine as
 * alerting (libs/timescales). One evaluation serves all the rule-based figures of a request.
 */
@Injectable()
export class ChildDeadlines {
  private readonly memo = new Map<string, { at: number; result: Promise<ChildStates> }>();

  constructor(private readonly dataSource: DataSource) {}

  /** Deadlines as they stood at `now` (a period end or the present), knowing what was recorded by `asAt`. */
  async deadlines(tenant: string, known: KnownTenant, now: number, asAt: number): Promise<DeadlineFacts[]> {
    return (await this.states(tenant, known, now, asAt)).deadlines;
  }

  states(tenant: string, known: KnownTenant, now: number, asAt: number): Promise<ChildStates> {
    const key = `${tenant}|${now}|${asAt}|${known.updatedAt}`;
    const hit = this.memo.get(key);
    if (hit && Date.now() - hit.at < MEMO_MS) return hit.result;
    const result = this.evaluate(tenant, known, now, asAt);
    this.memo.set(key, { at: Date.now(), result });
    for (const [k, v] of this.memo) if (Date.now() - v.at >= MEMO_MS) this.memo.delete(k);
    return result;
  }

  private async evaluate(tenant: string, known: KnownTenant, now: number, asAt: number): Promise<ChildStates> {
    const settings = known.settings;
    const config = { nation: settings.nation, closureDays: settings.closureDays, rules: settings.rules };
    const out: ChildStates = { deadlines: [], checks: [] };
    const child = (events: CaseEvent[]) => {
      for (const d of evaluateChild(events, config, { now })) out.deadlines.push(factsOf(d));
      const checks = healthChecksAt(events, known.calendar, now);
      if (checks) out.checks.push(checks);
    };
    let after = '';
    for (;;) {
      const last = await this.lastChildOfPage(tenant, after);
      if (last === undefined) break;
      const rows = await this.page(tenant, new Date(asAt).toISOString(), after, last);
      let i = 0;
      while (i < rows.length) {
        const subject = rows[i].subject;
        const events: CaseEvent[] = [];
        for (; i < rows.length && rows[i].subject === subject; i++) events.push(toEvent(rows[i], tenant));
        child(events);
      }
      after = last;
    }
    return out;
  }

  private async lastChildOfPage(tenant: string, after: string): Promise<string | undefined> {
    const [row]: { last: string | null }[] = await this.dataSource.query(
      `SELECT max(subject) AS last FROM (
         SELECT DISTINCT subject FROM case_events WHERE tenant = $1 AND subject > $2 ORDER BY subject LIMIT ${CHILDREN_PER_PAGE}) c`,
      [tenant, after],
    );
    return row.last ?? undefined;
  }

  /** The events of the children after `after` up to `last`, as known at `at`. */
  private page(tenant: string, at: string, after: string, last: string): Promise<EventRecord[]> {
    return this.dataSource.query(
      `SELECT source, event_id, subject, type, practice_at, recorded_at, data FROM case_events
       WHERE tenant = $1 AND subject > $3 AND subject <= $4
         AND type <> 'csc.event.retracted' AND recorded_at <= $2
         AND (retracted_at IS NULL OR retracted_at > $2) AND (superseded_at IS NULL OR superseded_at > $2)
       ORDER BY subject`,
      [tenant, at, after, last],
    );
  }
}

function toEvent(r: EventRecord, tenant: string): CaseEvent {
  return {
    specversion: '1.0', id: r.event_id, source: r.source, type: r.type, time: r.practice_at.toISOString(),
    subject: r.subject, tenant, recordedtime: r.recorded_at.toISOString(), data: r.data,
  } as CaseEvent;
}

function factsOf(d: Deadline): DeadlineFacts {
  const f: { -readonly [K in keyof DeadlineFacts]: DeadlineFacts[K] } = { rule: d.rule, subject: d.subject, state: d.state, startedAt: d.startedAt, dueAt: d.dueAt };
  if (d.metAt !== undefined) f.metAt = d.metAt;
  if (d.teamId !== undefined) f.teamId = d.teamId;
  if (d.workerId !== undefined) f.workerId = d.workerId;
  return f;
}
