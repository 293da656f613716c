import { caseEventArray, copyJson, copyRows, copyText, fromCaseEventArray } from '@casewatch/event-store';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DeadlineVersion, FactVersion, StoredEvent } from './child-history';

export interface Child {
  tenant: string;
  subject: string;
}

/** A row of projected_deadlines or projected_facts: a version of one child's deadline or fact. */
export type ProjectedDeadline = Child & DeadlineVersion;
export type ProjectedFact = Child & FactVersion;

/** A child's key in the maps of its events. */
export const childKey = (tenant: string, subject: string) => `${tenant}\u0000${subject}`;

/**
 * Writes the per-child projections (projected_deadlines, projected_facts) from the children's
 * stored events, in the caller's transaction. ProjectedFactsStore reads them.
 */
@Injectable()
export class ProjectionStore {
  /**
   * Holds each child's lock until the transaction ends, taken in one order (so two cannot wait on
   * each other): a child projected twice at once (a queue worker and a tenant projected again
   * outside the queue) would otherwise leave both writes' rows, neither delete seeing the other's.
   */
  async lockChildren(m: EntityManager, children: Child[]): Promise<void> {
    await m.query(
      `SELECT pg_advisory_xact_lock(h.t, h.s) FROM (
         SELECT DISTINCT hashtext(c.tenant) AS t, hashtext(c.subject) AS s FROM unnest($1::text[], $2::text[]) AS c(tenant, subject)) h
       ORDER BY h.t, h.s`,
      [children.map((c) => c.tenant), children.map((c) => c.subject)],
    );
  }

  /** Every event of these children (retractions left out), removed ones marked with when, by child. */
  async eventsOfChildren(m: EntityManager, children: Child[]): Promise<Map<string, StoredEvent[]>> {
    const [{ events }]: { events: string | null }[] = await m.query(
      `SELECT json_agg(${caseEventArray('e', "round(date_part('epoch', least(e.retracted_at, e.superseded_at)) * 1000)")})::text AS events
       FROM unnest($1::text[], $2::text[]) AS c(tenant, subject)
       JOIN case_events e ON e.tenant = c.tenant AND e.subject = c.subject
       WHERE e.type <> 'csc.event.retracted'`,
      [children.map((c) => c.tenant), children.map((c) => c.subject)],
    );
    const byChild = new Map<string, StoredEvent[]>();
    for (const a of JSON.parse(events ?? '[]') as unknown[][]) {
      const e: StoredEvent = fromCaseEventArray(a);
      if (a[8] !== null) e.removedAt = a[8] as number;
      const key = childKey(e.tenant, e.subject);
      const list = byChild.get(key);
      if (list) list.push(e);
      else byChild.set(key, [e]);
    }
    return byChild;
  }

  /** Replaces every projected row of `children` with `deadlines` and `facts`. */
  async replaceChildren(
    m: EntityManager,
    { children, deadlines, facts }: { children: Child[]; deadlines: ProjectedDeadline[]; facts: ProjectedFact[] },
  ): Promise<void> {
    const params = [children.map((c) => c.tenant), children.map((c) => c.subject)];
    await m.query(deleteChildrenRows('projected_deadlines'), params);
    await m.query(deleteChildrenRows('projected_facts'), params);
    // COPY: PostgreSQL reads these without parsing a document or binding parameters.
    let lines = '';
    for (const d of deadlines) lines += deadlineLine(d);
    await copyRows(m, 'projected_deadlines', DEADLINE_COLUMNS, lines);
    lines = '';
    for (const f of facts) lines += factLine(f);
    await copyRows(m, 'projected_facts', FACT_COLUMNS, lines);
  }
}

/**
 * Deletes the rows of the children $1 (tenants) and $2 (subjects) by an index lookup per child,
 * whatever the statistics say: as a join the planner scanned the whole table until it held some
 * 200,000 rows, in a replay on every slice (rows-per-child.int.ts). OFFSET 0 keeps the lookup a
 * subquery of its own, run per child.
 */
export const deleteChildrenRows = (table: 'projected_deadlines' | 'projected_facts') =>
  `DELETE FROM ${table} WHERE ctid = ANY(ARRAY(
     SELECT r.ctid FROM unnest($1::text[], $2::text[]) AS c(tenant, subject),
       LATERAL (SELECT ctid FROM ${table} p WHERE p.tenant = c.tenant AND p.subject = c.subject OFFSET 0) r))`;

const DEADLINE_COLUMNS = [
  'tenant',
  'subject',
  'deadline_id',
  'rule',
  'started_at',
  'due_at',
  'warn_at',
  'closed_at',
  'met',
  'team_id',
  'worker_id',
  'known_from',
  'known_to',
];
const FACT_COLUMNS = ['tenant', 'subject', 'kind', 'from_at', 'to_at', 'day', 'team_id', 'worker_id', 'known_from', 'known_to', 'keys'];

/** Epoch ms as a bigint column reads it (a fraction would be refused). */
const ms = (n: number) => Math.round(n).toString();

function deadlineLine(d: ProjectedDeadline): string {
  return `${copyText(d.tenant)}\t${copyText(d.subject)}\t${copyText(d.deadlineId)}\t${copyText(d.rule)}\t${ms(d.startedAt)}\t${ms(d.dueAt)}\t${ms(d.warnAt)}\t${ms(d.closedAt)}\t${d.met ? 't' : 'f'}\t${copyText(d.teamId)}\t${copyText(d.workerId)}\t${ms(d.knownFrom)}\t${ms(d.knownTo)}\n`;
}

function factLine(f: ProjectedFact): string {
  return `${copyText(f.tenant)}\t${copyText(f.subject)}\t${copyText(f.kind)}\t${ms(f.fromAt)}\t${ms(f.toAt)}\t${copyText(f.day)}\t${copyText(f.teamId)}\t${copyText(f.workerId)}\t${ms(f.knownFrom)}\t${ms(f.knownTo)}\t${f.keys ? copyJson(f.keys) : '\\N'}\n`;
}
