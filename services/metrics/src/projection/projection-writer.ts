import { caseEventJson } from '@casewatch/event-store';
import type { CompiledTenant } from '@casewatch/timescales';
import type { EntityManager } from 'typeorm';
import { childHistory, type StoredEvent } from './child-history';

export interface Child {
  tenant: string;
  subject: string;
}

/**
 * Replaces the projected rows of these children with their whole history, recomputed from every
 * event they have (a late event can change what was known before it arrived, so versions are
 * rebuilt, not appended). Idempotent: running it twice writes the same rows. Returns the rows written.
 */
export async function projectChildren(m: EntityManager, children: Child[], rulesOf: (tenant: string) => CompiledTenant | undefined): Promise<number> {
  if (children.length === 0) return 0;
  const tenants = children.map((c) => c.tenant);
  const subjects = children.map((c) => c.subject);
  const [{ events }]: { events: string | null }[] = await m.query(
    `SELECT json_agg(json_build_object('e', ${caseEventJson('e')},
       'x', (extract(epoch FROM least(e.retracted_at, e.superseded_at)) * 1000)::float8))::text AS events
     FROM unnest($1::text[], $2::text[]) AS c(tenant, subject)
     JOIN case_events e ON e.tenant = c.tenant AND e.subject = c.subject
     WHERE e.type <> 'csc.event.retracted'`,
    [tenants, subjects],
  );
  const byChild = new Map<string, StoredEvent[]>();
  for (const { e, x } of JSON.parse(events ?? '[]') as { e: StoredEvent; x: number | null }[]) {
    if (x !== null) e.removedAt = x;
    const key = `${e.tenant}\u0000${e.subject}`;
    const list = byChild.get(key);
    if (list) list.push(e);
    else byChild.set(key, [e]);
  }
  const deadlines: unknown[] = [];
  const facts: unknown[] = [];
  for (const c of children) {
    const rules = rulesOf(c.tenant);
    const list = byChild.get(`${c.tenant}\u0000${c.subject}`);
    if (!rules || !list) continue;
    const h = childHistory(list, rules);
    for (const d of h.deadlines) deadlines.push({ tenant: c.tenant, subject: c.subject, ...d });
    for (const f of h.facts) facts.push({ tenant: c.tenant, subject: c.subject, ...f });
  }
  const only = children.filter((c) => rulesOf(c.tenant) !== undefined);
  const params = [only.map((c) => c.tenant), only.map((c) => c.subject)];
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
  return deadlines.length + facts.length;
}
