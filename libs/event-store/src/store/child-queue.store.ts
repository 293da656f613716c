import type { DataSource } from 'typeorm';

export interface QueuedChild {
  tenant: string;
  subject: string;
}

/** A durable queue of children (a table keyed by tenant and subject, with `since`): the table name is code, never input. */
type Table = 'children_to_evaluate' | 'children_to_project';

/**
 * Queues children in the caller's transaction (the one storing their events). A child already
 * waiting is locked, not left alone (DO UPDATE … WHERE false locks and writes nothing): a worker
 * (SKIP LOCKED) cannot take it and read its events before these commit, which would leave them
 * unhandled with nothing waiting.
 */
export async function queueChildren(m: Pick<DataSource, 'query'>, table: Table, children: readonly QueuedChild[]): Promise<void> {
  if (children.length === 0) return;
  await m.query(
    `INSERT INTO ${table} (tenant, subject) SELECT * FROM unnest($1::text[], $2::text[]) ORDER BY 1, 2
     ON CONFLICT (tenant, subject) DO UPDATE SET since = ${table}.since WHERE false`,
    [children.map((c) => c.tenant), children.map((c) => c.subject)],
  );
}

/**
 * Takes (deletes, in the caller's transaction) up to `slice` of the oldest waiting children,
 * shared fairly between tenants, skipping those another transaction holds: one tenant's replay
 * does not hold up another's.
 */
export async function takeChildren(m: Pick<DataSource, 'query'>, table: Table, slice: number): Promise<QueuedChild[]> {
  const tenants: { tenant: string }[] = await m.query(
    `WITH RECURSIVE t AS (
       (SELECT tenant FROM ${table} ORDER BY tenant LIMIT 1)
       UNION ALL
       SELECT (SELECT c.tenant FROM ${table} c WHERE c.tenant > t.tenant ORDER BY c.tenant LIMIT 1) FROM t WHERE t.tenant IS NOT NULL)
     SELECT tenant FROM t WHERE tenant IS NOT NULL LIMIT $1`,
    [slice],
  );
  if (tenants.length === 0) return [];
  const [rows]: [QueuedChild[], number] = await m.query(
    `DELETE FROM ${table} WHERE (tenant, subject) IN (
       SELECT x.tenant, x.subject FROM unnest($1::text[]) AS t(tenant),
         LATERAL (SELECT c.tenant, c.subject FROM ${table} c WHERE c.tenant = t.tenant
                  ORDER BY c.since LIMIT $2 FOR UPDATE SKIP LOCKED) x)
     RETURNING tenant, subject`,
    [tenants.map((t) => t.tenant), Math.ceil(slice / tenants.length)],
  );
  return rows;
}
