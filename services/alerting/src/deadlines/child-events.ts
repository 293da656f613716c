import type { CaseEvent } from '@casewatch/contracts';
import type { EntityManager } from 'typeorm';

export const childKey = (tenant: string, subject: string): string => `${tenant}\u0000${subject}`;

// Times as the engine reads them (RFC 3339, UTC, milliseconds), formatted by PostgreSQL.
const utc = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Children's events as known now (withdrawn and replaced ones left out), as CloudEvents for the
 * engine, in one query for all of them; keyed by childKey. A child without events maps to [].
 * PostgreSQL builds the events as one JSON array, parsed at once: row by row, the driver's date
 * and JSON parsing per column cost more than the evaluation itself.
 */
export async function loadChildrenEvents(m: EntityManager, children: { tenant: string; subject: string }[]): Promise<Map<string, CaseEvent[]>> {
  const byChild = new Map<string, CaseEvent[]>(children.map((c) => [childKey(c.tenant, c.subject), []]));
  if (children.length === 0) return byChild;
  const [{ events }]: { events: string | null }[] = await m.query(
    `SELECT json_agg(json_build_object(
         'specversion', '1.0', 'id', e.event_id, 'source', e.source, 'type', e.type, 'time', ${utc('e.practice_at')},
         'subject', e.subject, 'tenant', e.tenant, 'recordedtime', ${utc('e.recorded_at')}, 'data', e.data))::text AS events
     FROM unnest($1::text[], $2::text[]) AS c(tenant, subject)
     JOIN case_events e ON e.tenant = c.tenant AND e.subject = c.subject
     WHERE e.retracted_at IS NULL AND e.superseded_at IS NULL AND e.type <> 'csc.event.retracted'`,
    [children.map((c) => c.tenant), children.map((c) => c.subject)],
  );
  for (const event of JSON.parse(events ?? '[]') as CaseEvent[]) byChild.get(childKey(event.tenant, event.subject))?.push(event);
  return byChild;
}
