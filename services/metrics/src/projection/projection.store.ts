import { caseEventJson } from '@casewatch/event-store';
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
  /** Every event of these children (retractions left out), removed ones marked with when, by child. */
  async eventsOfChildren(m: EntityManager, children: Child[]): Promise<Map<string, StoredEvent[]>> {
    const [{ events }]: { events: string | null }[] = await m.query(
      `SELECT json_agg(json_build_object('e', ${caseEventJson('e')},
         'x', (extract(epoch FROM least(e.retracted_at, e.superseded_at)) * 1000)::float8))::text AS events
       FROM unnest($1::text[], $2::text[]) AS c(tenant, subject)
       JOIN case_events e ON e.tenant = c.tenant AND e.subject = c.subject
       WHERE e.type <> 'csc.event.retracted'`,
      [children.map((c) => c.tenant), children.map((c) => c.subject)],
    );
    const byChild = new Map<string, StoredEvent[]>();
    for (const { e, x } of JSON.parse(events ?? '[]') as { e: StoredEvent; x: number | null }[]) {
      if (x !== null) e.removedAt = x;
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
    await m.query(`DELETE FROM projected_deadlines WHERE (tenant, subject) IN (SELECT * FROM unnest($1::text[], $2::text[]))`, params);
    await m.query(`DELETE FROM projected_facts WHERE (tenant, subject) IN (SELECT * FROM unnest($1::text[], $2::text[]))`, params);
    // One JSON document each: Postgres parses it natively (see EventStoreWriter.insert).
    if (deadlines.length > 0) {
      await m.query(
        `INSERT INTO projected_deadlines (tenant, subject, deadline_id, rule, started_at, due_at, warn_at, closed_at, met, team_id, worker_id, known_from, known_to)
         SELECT tenant, subject, "deadlineId", rule, "startedAt", "dueAt", "warnAt", "closedAt", met, "teamId", "workerId", "knownFrom", "knownTo"
         FROM jsonb_to_recordset($1::jsonb) AS r(tenant text, subject text, "deadlineId" text, rule text, "startedAt" bigint, "dueAt" bigint,
           "warnAt" bigint, "closedAt" bigint, met boolean, "teamId" text, "workerId" text, "knownFrom" bigint, "knownTo" bigint)`,
        [JSON.stringify(deadlines)],
      );
    }
    if (facts.length > 0) {
      await m.query(
        `INSERT INTO projected_facts (tenant, subject, kind, from_at, to_at, day, team_id, worker_id, known_from, known_to)
         SELECT tenant, subject, kind, "fromAt", "toAt", day, "teamId", "workerId", "knownFrom", "knownTo"
         FROM jsonb_to_recordset($1::jsonb) AS r(tenant text, subject text, kind text, "fromAt" bigint, "toAt" bigint, day text,
           "teamId" text, "workerId" text, "knownFrom" bigint, "knownTo" bigint)`,
        [JSON.stringify(facts)],
      );
    }
  }
}
