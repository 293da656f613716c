import type { CaseEvent } from '@casewatch/contracts';
import type { EntityManager } from 'typeorm';

export const childKey = (tenant: string, subject: string): string => `${tenant}\u0000${subject}`;

/**
 * Children's events as known now (withdrawn and replaced ones left out), as CloudEvents for the
 * engine, in one query for all of them; keyed by childKey. A child without events maps to [].
 */
export async function loadChildrenEvents(m: EntityManager, children: { tenant: string; subject: string }[]): Promise<Map<string, CaseEvent[]>> {
  const byChild = new Map<string, CaseEvent[]>(children.map((c) => [childKey(c.tenant, c.subject), []]));
  if (children.length === 0) return byChild;
  const rows: { tenant: string; subject: string; source: string; event_id: string; type: string; practice_at: Date; recorded_at: Date; data: Record<string, unknown> }[] =
    await m.query(
      `SELECT e.tenant, e.subject, e.source, e.event_id, e.type, e.practice_at, e.recorded_at, e.data
       FROM unnest($1::text[], $2::text[]) AS c(tenant, subject)
       JOIN case_events e ON e.tenant = c.tenant AND e.subject = c.subject
       WHERE e.retracted_at IS NULL AND e.superseded_at IS NULL AND e.type <> 'csc.event.retracted'`,
      [children.map((c) => c.tenant), children.map((c) => c.subject)],
    );
  for (const r of rows) {
    byChild.get(childKey(r.tenant, r.subject))?.push({
      specversion: '1.0',
      id: r.event_id,
      source: r.source,
      type: r.type,
      time: r.practice_at.toISOString(),
      subject: r.subject,
      tenant: r.tenant,
      recordedtime: r.recorded_at.toISOString(),
      data: r.data,
    } as CaseEvent);
  }
  return byChild;
}
