import { finished } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { EntityManager } from 'typeorm';

/**
 * Rows into a table with COPY … FROM STDIN (text format), on the connection of the caller's
 * transaction: PostgreSQL reads them without parsing a JSON document or binding parameters, which
 * cost the replay more than the rows themselves (docs/benchmarks.md, "Metrics replay").
 * `lines` are whole lines, each ending in "\n", their values escaped with copyText.
 */
export async function copyRows(m: EntityManager, table: string, columns: readonly string[], lines: string): Promise<void> {
  if (lines.length === 0) return;
  const client = await transactionClient(m);
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  const done = finished(stream);
  stream.end(lines);
  await done;
}

/** The pg client under the caller's transaction (TypeORM's query runner holds it). */
export async function transactionClient(m: EntityManager): Promise<PoolClient> {
  const runner = m.queryRunner as unknown as { isTransactionActive?: boolean; connect(): Promise<PoolClient> } | undefined;
  if (!runner?.isTransactionActive) throw new Error('copyRows runs inside a transaction');
  return runner.connect();
}

// What COPY's text format gives a meaning to: the escape character, the delimiter and line ends.
const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPED: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A value as COPY's text format reads it: null as \N, the delimiter, line ends and backslashes escaped. */
export function copyText(v: string | null | undefined): string {
  if (v === null || v === undefined) return '\\N';
  return SPECIAL.test(v) ? v.replace(SPECIALS, (c) => ESCAPED[c]) : v;
}

/** JSON text (JSON.stringify's: no raw tab or line end) for COPY: only its backslashes are doubled. */
export function copyJson(json: string): string {
  return json.includes('\\') ? json.replace(/\\/g, '\\\\') : json;
}
