import type { CaseEvent } from '@casewatch/contracts';
import { caseEventArray, fromCaseEventArray } from '@casewatch/event-store';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { childKey } from './child-events';

/** Reads case_events (the event pipeline writes them) for the deadlines' evaluation. */
@Injectable()
export class CaseEventReader {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Children's events as known now (withdrawn and replaced ones left out), as CloudEvents for the
   * engine, in one query for all of them; keyed by childKey. A child without events maps to [].
   */
  async childrenEvents(m: EntityManager, children: { tenant: string; subject: string }[]): Promise<Map<string, CaseEvent[]>> {
    const byChild = new Map<string, CaseEvent[]>(children.map((c) => [childKey(c.tenant, c.subject), []]));
    if (children.length === 0) return byChild;
    const [{ events }]: { events: string | null }[] = await m.query(
      `SELECT json_agg(${caseEventArray('e')})::text AS events
       FROM unnest($1::text[], $2::text[]) AS c(tenant, subject)
       JOIN case_events e ON e.tenant = c.tenant AND e.subject = c.subject
       WHERE e.retracted_at IS NULL AND e.superseded_at IS NULL AND e.type <> 'csc.event.retracted'`,
      [children.map((c) => c.tenant), children.map((c) => c.subject)],
    );
    for (const a of JSON.parse(events ?? '[]') as unknown[][]) {
      const event = fromCaseEventArray(a);
      byChild.get(childKey(event.tenant, event.subject))?.push(event);
    }
    return byChild;
  }

  /** The tenant's next children in subject order (every child with an event, withdrawn or not). */
  async subjectsAfter(tenant: string, after: string | null, limit: number): Promise<string[]> {
    const rows: { subject: string }[] = await this.dataSource.query(
      `SELECT DISTINCT subject FROM case_events WHERE tenant = $1 AND subject > $2 ORDER BY subject LIMIT $3`,
      [tenant, after ?? '', limit],
    );
    return rows.map((r) => r.subject);
  }
}
