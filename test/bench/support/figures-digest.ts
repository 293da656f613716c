import { createHash } from 'node:crypto';
import type { Client } from 'pg';

/**
 * Tables whose rows say how a run went rather than what the events mean: the consumer group's
 * positions (a group of each run's own), the children still to project (empty once done) and
 * when each figure went to csc.metrics.v1 (depends on timing by design).
 */
const RUN_TABLES = new Set(['applied_offsets', 'children_to_project', 'published_figures', 'migrations']);

export interface TableDigest {
  rows: number;
  /** Order-independent: the sum of a 60-bit hash of each row's text. */
  digest: string;
}

/**
 * A digest of every table the events are stored and projected into, whatever order the rows were
 * written in: every column but those PostgreSQL fills itself at insert (`now()`, sequences), which
 * record when and in what order rows came, not what they say.
 */
export async function tableDigests(pg: Client): Promise<Record<string, TableDigest>> {
  const tables: string[] = (
    await pg.query(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1`,
    )
  ).rows
    .map((r) => r.name as string)
    .filter((t) => !RUN_TABLES.has(t));
  const digests: Record<string, TableDigest> = {};
  for (const table of tables) {
    const columns: string[] = (
      await pg.query(
        `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1
         AND coalesce(column_default, '') NOT LIKE 'now()%' AND coalesce(column_default, '') NOT LIKE 'nextval(%' ORDER BY ordinal_position`,
        [table],
      )
    ).rows.map((r) => `"${r.name}"`);
    const [row] = (
      await pg.query(
        `SELECT count(*)::int AS rows, coalesce(sum(('x' || substr(md5(ROW(${columns.join(', ')})::text), 1, 15))::bit(60)::bigint), 0)::text AS digest FROM "${table}"`,
      )
    ).rows;
    digests[table] = { rows: row.rows, digest: row.digest };
  }
  return digests;
}

export interface AnswerSet {
  requests: number;
  figures: number;
  /** sha256 of every answer's body, in request order. */
  digest: string;
  /** Per request, a short hash: where two runs differ, which answers did. */
  each: Record<string, string>;
}

/**
 * The whole catalogue (`GET /v1/tenants/{t}/metrics`) for each tenant, period and scope, as known
 * at a fixed `asAt`, asked of the instances in turn: what a user would be shown, with the same
 * answer expected from every instance (they share the database).
 */
export async function catalogueAnswers(
  urls: string[],
  tenants: string[],
  periods: string[],
  scopes: string[],
  asAt: string,
  headers: Record<string, string>,
): Promise<AnswerSet> {
  const all = createHash('sha256');
  const each: Record<string, string> = {};
  let requests = 0;
  let figures = 0;
  for (const tenant of tenants) {
    for (const period of periods) {
      for (const scope of scopes) {
        const url = `${urls[requests % urls.length]}/v1/tenants/${tenant}/metrics?period=${period}&scope=${encodeURIComponent(scope)}&asAt=${encodeURIComponent(asAt)}`;
        const res = await fetch(url, { headers });
        const body = await res.text();
        if (!res.ok) throw new Error(`${url}: ${res.status} ${body}`);
        figures += (JSON.parse(body) as { items: unknown[] }).items.length;
        all.update(body);
        each[`${tenant} ${period} ${scope}`] = createHash('sha256').update(body).digest('hex').slice(0, 12);
        requests++;
      }
    }
  }
  return { requests, figures, digest: all.digest('hex').slice(0, 16), each };
}
