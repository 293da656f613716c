import type { ImportStore, StagedRecord } from '../import-store';

/** Records written to the staging table in batches, with the count of rows read so far. */
export class StagingBuffer {
  private pending: StagedRecord[] = [];
  rowsRead = 0;
  readonly tables: Record<string, number> = {};

  constructor(
    private readonly store: ImportStore,
    private readonly importId: string,
    private readonly onProgress: (rowsRead: number) => void,
    private readonly batch = 2000,
  ) {}

  async add(record: StagedRecord): Promise<void> {
    this.pending.push(record);
    this.rowsRead++;
    this.tables[record.table] = (this.tables[record.table] ?? 0) + 1;
    if (this.pending.length >= this.batch) await this.flush();
  }

  /** A row that cannot be given to any child (no id): counted, not staged. */
  count(table: string): void {
    this.rowsRead++;
    this.tables[table] = (this.tables[table] ?? 0) + 1;
  }

  async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    await this.store.stage(this.importId, batch);
    this.onProgress(this.rowsRead);
  }
}
