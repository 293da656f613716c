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

/**
 * Waits (at most `timeoutMs`) until the service has vacuumed and analysed these tables since
 * `since` (it does so itself at most a minute after a load's last rows, when enough came since its
 * last pass; autovacuum is off here), so
 * that answers are timed after that maintenance, as they would be after autovacuum's, not during it.
 */
export async function waitVacuumed(pg: Client, tables: readonly string[], since: number, timeoutMs = 75_000): Promise<number> {
  const started = Date.now();
  const pending = async (): Promise<number> =>
    (
      await pg.query(
        `SELECT count(*)::int AS n FROM pg_stat_user_tables WHERE relname = ANY($1) AND (last_vacuum IS NULL OR last_vacuum < $2 OR last_analyze < $2)`,
        [tables, new Date(since)],
      )
    ).rows[0].n;
  while ((await pending()) > 0 && Date.now() - started < timeoutMs) await sleep(1000);
  const waitedS = Math.round((Date.now() - started) / 1000);
  process.stderr.write(`  the service's own vacuum of ${tables.join(', ')}: waited ${waitedS} s${(await pending()) > 0 ? ' (not done: timed anyway)' : ''}\n`);
  return waitedS;
}
