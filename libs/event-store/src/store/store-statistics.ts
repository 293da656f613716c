import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

// Re-analyse once this many rows arrived, or a tenth of the table, whichever is more.
const MIN_NEW_ROWS = 50_000;
const SHARE_OF_TABLE = 0.1;
// A replay grows the table by a tenth every few seconds: analyse at most this often.
const MIN_INTERVAL_MS = 60_000;

/**
 * Keeps the planner's statistics of tables current as rows arrive. Autovacuum does this where it
 * runs; where it is off (this project's machines) a table filled by a replay would be planned as
 * if empty, and a per-child anti-join turns quadratic.
 */
export class TableStatistics {
  private readonly logger = new Logger(TableStatistics.name);
  private newRows = 0;
  private rowsAtLastAnalyse = 0;
  private lastAnalyseAt = 0;
  private running: Promise<void> | undefined;

  constructor(
    private readonly dataSource: Pick<DataSource, 'query'>,
    /** Analysed together; the first one's size decides when. */
    private readonly tables: readonly string[],
  ) {}

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
    const names = this.tables.join(', ');
    try {
      for (const table of this.tables) await this.dataSource.query(`ANALYZE ${table}`);
      const [row]: { n: string }[] = await this.dataSource.query('SELECT reltuples::bigint AS n FROM pg_class WHERE relname = $1', [this.tables[0]]);
      this.rowsAtLastAnalyse = Number(row?.n ?? 0);
      this.logger.log(`${names} analysed (${this.rowsAtLastAnalyse} rows) in ${Date.now() - started} ms`);
    } catch (err) {
      this.logger.warn(`${names} not analysed: ${(err as Error).message}`);
    }
  }
}

/** case_events' statistics, as events are stored. */
@Injectable()
export class StoreStatistics extends TableStatistics {
  constructor(dataSource: DataSource) {
    super(dataSource, ['case_events']);
  }
}
