import type { Client } from 'pg';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls a metrics bench database each second until every event sent for `tenants` is stored
 * (`case_events`), then until none of their children waits to be projected; progress on stderr.
 * Gives the seconds from `started` to each, as the benches print them.
 */
export async function waitStoredAndProjected(
  pg: Client,
  tenants: readonly string[],
  sent: number,
  started: number,
): Promise<{ storedS: number; projectedS: number }> {
  const count = async (table: 'case_events' | 'children_to_project'): Promise<number> =>
    (await pg.query(`SELECT count(*)::int AS n FROM ${table} WHERE tenant = ANY($1)`, [tenants])).rows[0].n;
  for (let stored = 0; stored < sent; await sleep(1000)) {
    stored = await count('case_events');
    process.stderr.write(`\r  stored ${stored}/${sent}`);
  }
  const storedS = Math.round((Date.now() - started) / 1000);
  for (let waiting = 1; waiting > 0;) {
    waiting = await count('children_to_project');
    process.stderr.write(`\r  children waiting to be projected: ${waiting}      `);
    if (waiting > 0) await sleep(1000);
  }
  const projectedS = Math.round((Date.now() - started) / 1000);
  process.stderr.write(`\n  stored in ${storedS} s, projected by ${projectedS} s\n`);
  return { storedS, projectedS };
}
