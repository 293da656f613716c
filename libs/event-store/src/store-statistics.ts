import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

// Re-analyse once this many rows arrived, or a tenth of the table, whichever is more.
const MIN_NEW_ROWS = 50_000;
const SHARE_OF_TABLE = 0.1;
// A replay grows the table by a tenth every few seconds: analyse at most this often.
const MIN_INTERVAL_MS = 60_000;

/**
 * Keeps the planner's statistics of case_events current as events arrive. Autovacuum does this
 * where it runs; where it is off (this project's machines) a table filled by a replay would be
 * planned as if empty, and a per-child anti-join turns quadratic.
 */
@Injectable()
export class StoreStatistics {
  private readonly logger = new Logger(StoreStatistics.name);
  private newRows = 0;
  private rowsAtLastAnalyse = 0;
  private lastAnalyseAt = 0;
  private running: Promise<void> | undefined;

  constructor(private readonly dataSource: DataSource) {}

  inserted(rows: number): void {
    this.newRows += rows;
    if (this.running || this.newRows < Math.max(MIN_NEW_ROWS, this.rowsAtLastAnalyse * SHARE_OF_TABLE)) return;
    if (Date.now() - this.lastAnalyseAt < MIN_INTERVAL_MS) return;
    this.running = this.analyse().finally(() => (this.running = undefined));
  }

  /** Resolves when an analysis under way (if any) has ended. */
  async settled(): Promise<void> {
    await this.running;
  }

  private async analyse(): Promise<void> {
    const started = Date.now();
    this.lastAnalyseAt = started;
    this.newRows = 0;
    try {
      await this.dataSource.query('ANALYZE case_events');
      const [row]: { n: string }[] = await this.dataSource.query("SELECT reltuples::bigint AS n FROM pg_class WHERE relname = 'case_events'");
      this.rowsAtLastAnalyse = Number(row?.n ?? 0);
      this.logger.log(`case_events analysed (${this.rowsAtLastAnalyse} rows) in ${Date.now() - started} ms`);
    } catch (err) {
      this.logger.warn(`case_events not analysed: ${(err as Error).message}`);
    }
  }
}
