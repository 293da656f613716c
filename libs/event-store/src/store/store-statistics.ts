import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';

// Re-analyse once this many rows arrived, or a tenth of the table, whichever is more.
const MIN_NEW_ROWS = 50_000;
const SHARE_OF_TABLE = 0.1;
// A replay grows the table by a tenth every few seconds: analyse at most this often.
const MIN_INTERVAL_MS = 60_000;

/**
 * Keeps the planner's statistics and the visibility map of tables current as rows arrive.
 * Autovacuum does this where it runs; where it is off (this project's machines) a table filled by
 * a replay would be planned as if empty, and a per-child anti-join turns quadratic; and no page
 * would ever be marked all-visible, so a covering index would still read the table for every
 * entry (a year's referrals, the allocation look-ups of a team breakdown).
 */
export class TableStatistics {
  private readonly logger = new Logger(TableStatistics.name);
  private newRows = 0;
  private rowsAtLastAnalyse = 0;
  private lastAnalyseAt = 0;
  private running: Promise<void> | undefined;
  private later: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: Pick<DataSource, 'query'>,
    /** Vacuumed and analysed together; the first one's size decides when. */
    private readonly tables: readonly string[],
    private readonly minIntervalMs = MIN_INTERVAL_MS,
  ) {}

  inserted(rows: number): void {
    this.newRows += rows;
    if (this.running || this.newRows < Math.max(MIN_NEW_ROWS, this.rowsAtLastAnalyse * SHARE_OF_TABLE)) return;
    const wait = this.lastAnalyseAt + this.minIntervalMs - Date.now();
    if (wait > 0) {
      // The last rows of a replay are not left unanalysed until the next ones come.
      this.later ??= setTimeout(() => {
        this.later = undefined;
        this.inserted(0);
      }, wait).unref();
      return;
    }
    this.running = this.analyse().finally(() => (this.running = undefined));
  }

  /** Resolves when an analysis under way (if any) has ended. */
  async settled(): Promise<void> {
    await this.running;
  }

  /** No later pass; waits for one under way. */
  async stop(): Promise<void> {
    clearTimeout(this.later);
    this.later = undefined;
    await this.running;
  }

  private async analyse(): Promise<void> {
    const started = Date.now();
    this.lastAnalyseAt = started;
    this.newRows = 0;
    const names = this.tables.join(', ');
    try {
      // A plain VACUUM blocks no reads or writes; on a table only added to it mostly marks pages all-visible.
      for (const table of this.tables) await this.dataSource.query(`VACUUM (ANALYZE) ${table}`);
      const [row]: { n: string }[] = await this.dataSource.query('SELECT reltuples::bigint AS n FROM pg_class WHERE relname = $1', [this.tables[0]]);
      this.rowsAtLastAnalyse = Number(row?.n ?? 0);
      this.logger.log(`${names} vacuumed and analysed (${this.rowsAtLastAnalyse} rows) in ${Date.now() - started} ms`);
    } catch (err) {
      this.logger.warn(`${names} not vacuumed and analysed: ${(err as Error).message}`);
    }
  }
}

/** case_events' statistics, as events are stored. */
@Injectable()
export class StoreStatistics extends TableStatistics implements OnApplicationShutdown {
  constructor(dataSource: DataSource) {
    super(dataSource, ['case_events']);
  }

  onApplicationShutdown(): Promise<void> {
    return this.stop();
  }
}
