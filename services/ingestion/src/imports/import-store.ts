import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ImportFormat } from './import-types';

export interface StagedRecord {
  subject: string;
  table: string;
  file: string;
  row: number;
  rec: unknown;
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

  async stage(importId: string, records: readonly StagedRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.db.query(
      `INSERT INTO import_rows (import_id, subject, tbl, file, row, rec)
       SELECT $1, x.s, x.t, x.f, x.r, x.v FROM jsonb_to_recordset($2::jsonb) AS x(s text, t text, f text, r int, v jsonb)`,
      [importId, JSON.stringify(records.map((r) => ({ s: r.subject, t: r.table, f: r.file, r: r.row, v: r.rec })))],
    );
  }

  /**
   * Statistics for the freshly staged rows: without them the page query below is planned for a few
   * hundred rows and reads every remaining row for each page (quadratic; bench:import).
   */
  async analyse(): Promise<void> {
    await this.db.query('ANALYZE import_rows');
  }

  /** The next children after `after`, each with every staged record, in subject order. */
  async children(importId: string, after: string, limit: number): Promise<{ subject: string; records: StagedRecord[] }[]> {
    const rows: { subject: string; records: { t: string; f: string; r: number; v: unknown }[] }[] = await this.db.query(
      `SELECT subject, jsonb_agg(jsonb_build_object('t', tbl, 'f', file, 'r', row, 'v', rec) ORDER BY tbl, row) AS records
       FROM import_rows WHERE import_id = $1 AND subject > $2
       GROUP BY subject ORDER BY subject LIMIT $3`,
      [importId, after, limit],
    );
    return rows.map((c) => ({ subject: c.subject, records: c.records.map((r) => ({ subject: c.subject, table: r.t, file: r.f, row: r.r, rec: r.v })) }));
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
      await m.query(
        `UPDATE imports SET state = $2, report = $3::jsonb, error = $4::jsonb, updated_at = now() WHERE import_id = $1`,
        [importId, state, outcome.report === undefined ? null : JSON.stringify(outcome.report), outcome.error === undefined ? null : JSON.stringify(outcome.error)],
      );
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
      importId: r.import_id, tenant: r.tenant, format: r.format, state: r.state, rowsRead: r.rows_read, eventsPublished: r.events_published,
      ...(r.report ? { report: r.report } : {}), ...(r.error ? { error: r.error } : {}),
      startedAt: new Date(r.created_at).toISOString(), updatedAt: new Date(r.updated_at).toISOString(),
    };
  }

  /** Imports cut short by a stop of the service: failed, their staging dropped. Repeating one completes it. */
  async failInterrupted(): Promise<number> {
    const rows: { import_id: string }[] = await this.db.query(
      `UPDATE imports SET state = 'failed', error = '{"detail":"the service stopped during the import; repeat it (it adds only what is missing)"}'::jsonb, updated_at = now()
       WHERE state = 'running' RETURNING import_id`,
    );
    if (rows.length > 0) await this.db.query(`DELETE FROM import_rows WHERE import_id = ANY($1::uuid[])`, [rows.map((r) => r.import_id)]);
    return rows.length;
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
