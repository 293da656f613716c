import type { CaseEvent } from '@casewatch/contracts';
import { caseEventJson } from '@casewatch/event-store';
import type { EntityManager } from 'typeorm';

export const childKey = (tenant: string, subject: string): string => `${tenant}\u0000${subject}`;

/**
 * Children's events as known now (withdrawn and replaced ones left out), as CloudEvents for the
 * engine, in one query for all of them; keyed by childKey. A child without events maps to [].
 */
export async function loadChildrenEvents(m: EntityManager, children: { tenant: string; subject: string }[]): Promise<Map<string, CaseEvent[]>> {
  const byChild = new Map<string, CaseEvent[]>(children.map((c) => [childKey(c.tenant, c.subject), []]));
  if (children.length === 0) return byChild;
  const [{ events }]: { events: string | null }[] = await m.query(
    `SELECT json_agg(${caseEventJson('e')})::text AS events
     FROM unnest($1::text[], $2::text[]) AS c(tenant, subject)
     JOIN case_events e ON e.tenant = c.tenant AND e.subject = c.subject
     WHERE e.retracted_at IS NULL AND e.superseded_at IS NULL AND e.type <> 'csc.event.retracted'`,
    [children.map((c) => c.tenant), children.map((c) => c.subject)],
  );
  for (const event of JSON.parse(events ?? '[]') as CaseEvent[]) byChild.get(childKey(event.tenant, event.subject))?.push(event);
  return byChild;
}
