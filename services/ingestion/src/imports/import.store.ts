import { Injectable } from '@nestjs/common';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { Pool, PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import QueryStream from 'pg-query-stream';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { ImportFormat } from './import-types';

export interface StagedRecord {
  subject: string;
  table: string;
  file: string;
  row: number;
  rec: unknown;
}

/** Lines of COPY text into `import_rows`, on a connection of its own until `end` or `abort`. */
export interface StagingCopy {
  write(lines: string): Promise<void>;
  end(): Promise<void>;
  abort(): void;
}

export interface StagedChild {
  subject: string;
  records: StagedRecord[];
}

export interface ImportState {
  importId: string;
  tenant: string;
  format: ImportFormat;
  state: 'running' | 'done' | 'failed';
  rowsRead: number;
  eventsPublished: number;
  report?: unknown;
  error?: unknown;
  startedAt: string;
  updatedAt: string;
}

/** The imports' progress and reports, their staged rows, and the 903 episodes' periods. */
@Injectable()
export class ImportStore {
  constructor(private readonly db: DataSource) {}

  async create(importId: string, tenant: string, format: ImportFormat): Promise<void> {
    await this.db.query(`INSERT INTO imports (import_id, tenant, format, state) VALUES ($1, $2, $3, 'running')`, [importId, tenant, format]);
  }

  /** A COPY into staging: 4× the rows/s of batched INSERTs (bench:import), and the parser never waits on a round trip. */
  async stagingCopy(): Promise<StagingCopy> {
    const client = await this.pool().connect();
    const stream = client.query(copyFrom('COPY import_rows (import_id, subject, tbl, file, row, rec) FROM STDIN'));
    const done = finished(stream);
    done.catch(() => undefined); // observed by end(); abort() expects it to fail
    let released = false;
    const release = (broken: boolean) => {
      if (released) return;
      released = true;
      client.release(broken);
    };
    return {
      write: async (lines) => {
        if (!stream.write(lines)) await once(stream, 'drain');
      },
      end: async () => {
        stream.end();
        try {
          await done;
          release(false);
        } catch (err) {
          release(true);
          throw err;
        }
      },
      abort: () => {
        stream.destroy(new Error('import aborted'));
        release(true);
      },
    };
  }

  /**
   * Statistics for the freshly staged rows: without them the page query below is planned for a few
   * hundred rows and reads every remaining row for each page (quadratic; bench:import).
   */
  async analyse(): Promise<void> {
    await this.db.query('ANALYZE import_rows');
  }

  /**
   * The staged children in subject order, `pageSize` at a time, read through one cursor: a single
   * ordered pass, however many pages (a page query per page grew with the rows left; bench:import).
   */
  async *childPages(importId: string, pageSize: number): AsyncGenerator<StagedChild[]> {
    const client: PoolClient = await this.pool().connect();
    const rows = client.query(
      new QueryStream(`SELECT subject, tbl, file, row, rec FROM import_rows WHERE import_id = $1 ORDER BY subject`, [importId], { batchSize: 2000 }),
    );
    let ok = false;
    try {
      let page: StagedChild[] = [];
      let child: StagedChild | undefined;
      for await (const r of rows as AsyncIterable<{ subject: string; tbl: string; file: string; row: number; rec: unknown }>) {
        if (child?.subject !== r.subject) {
          if (page.length === pageSize) {
            yield page.map(sortRecords);
            page = [];
          }
          child = { subject: r.subject, records: [] };
          page.push(child);
        }
        child.records.push({ subject: r.subject, table: r.tbl, file: r.file, row: r.row, rec: r.rec });
      }
      if (page.length > 0) yield page.map(sortRecords);
      ok = true;
    } finally {
      if (!ok) rows.destroy();
      // A connection left mid-cursor is closed rather than returned to the pool.
      client.release(!ok);
    }
  }

  async progress(importId: string, p: { rowsRead?: number; eventsPublished?: number }): Promise<void> {
    await this.db.query(
      `UPDATE imports SET rows_read = coalesce($2, rows_read), events_published = coalesce($3, events_published), updated_at = now() WHERE import_id = $1`,
      [importId, p.rowsRead ?? null, p.eventsPublished ?? null],
    );
  }

  async finish(importId: string, state: 'done' | 'failed', outcome: { report?: unknown; error?: unknown }): Promise<void> {
    // Staging dropped in the same transaction: once an import reads done or failed, nothing of it still runs.
    await this.db.transaction(async (m) => {
      await m.query(`DELETE FROM import_rows WHERE import_id = $1`, [importId]);
      await m.query(`UPDATE imports SET state = $2, report = $3::jsonb, error = $4::jsonb, updated_at = now() WHERE import_id = $1`, [
        importId,
        state,
        outcome.report === undefined ? null : JSON.stringify(outcome.report),
        outcome.error === undefined ? null : JSON.stringify(outcome.error),
      ]);
    });
  }

  async get(tenant: string, importId: string): Promise<ImportState | undefined> {
    const rows = await this.db.query(
      `SELECT import_id, tenant, format, state, rows_read, events_published, report, error, created_at, updated_at
       FROM imports WHERE tenant = $1 AND import_id = $2`,
      [tenant, importId],
    );
    const r = rows[0];
    if (!r) return undefined;
    return {
      importId: r.import_id,
      tenant: r.tenant,
      format: r.format,
      state: r.state,
      rowsRead: r.rows_read,
      eventsPublished: r.events_published,
      ...(r.report ? { report: r.report } : {}),
      ...(r.error ? { error: r.error } : {}),
      startedAt: new Date(r.created_at).toISOString(),
      updatedAt: new Date(r.updated_at).toISOString(),
    };
  }

  /** Imports cut short by a stop of the service: failed, their staging dropped. Repeating one completes it. */
  async failInterrupted(): Promise<number> {
    // TypeORM answers an UPDATE with [rows, count] (reading its length said 2 at every start).
    const [rows]: [{ import_id: string }[], number] = await this.db.query(
      `UPDATE imports SET state = 'failed', error = '{"detail":"the service stopped during the import; repeat it (it adds only what is missing)"}'::jsonb, updated_at = now()
       WHERE state = 'running' RETURNING import_id`,
    );
    if (rows.length > 0) await this.db.query(`DELETE FROM import_rows WHERE import_id = ANY($1::uuid[])`, [rows.map((r) => r.import_id)]);
    return rows.length;
  }

  private pool(): Pool {
    return (this.db.driver as PostgresDriver).master as Pool;
  }

  /** Per child, the periods an earlier import put its episodes in (by DECOM). */
  async knownEpisodes(tenant: string, source: string, subjects: readonly string[]): Promise<Map<string, Map<string, string>>> {
    const rows: { subject: string; decom: string; period_id: string }[] = await this.db.query(
      `SELECT subject, to_char(decom, 'YYYY-MM-DD') AS decom, period_id FROM import_episodes
       WHERE tenant = $1 AND source = $2 AND subject = ANY($3::text[])`,
      [tenant, source, subjects],
    );
    const out = new Map<string, Map<string, string>>();
    for (const r of rows) {
      const m = out.get(r.subject) ?? new Map<string, string>();
      m.set(r.decom, r.period_id);
      out.set(r.subject, m);
    }
    return out;
  }

  async rememberEpisodes(tenant: string, source: string, list: readonly { subject: string; decom: string; periodId: string }[]): Promise<void> {
    if (list.length === 0) return;
    await this.db.query(
      `INSERT INTO import_episodes (tenant, source, subject, decom, period_id)
       SELECT $1, $2, x.s, x.d, x.p FROM jsonb_to_recordset($3::jsonb) AS x(s text, d date, p text)
       ON CONFLICT (tenant, source, subject, decom) DO UPDATE SET period_id = EXCLUDED.period_id`,
      [tenant, source, JSON.stringify(list.map((e) => ({ s: e.subject, d: e.decom, p: e.periodId })))],
    );
  }
}

/** A child's records in (table, row) order, as the file gave them. */
function sortRecords(c: StagedChild): StagedChild {
  c.records.sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : a.row - b.row));
  return c;
}
