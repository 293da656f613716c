import type { ImportStore, StagedRecord, StagingCopy } from '../import.store';
import { copyField, copyJson } from './copy-text';

/**
 * Records streamed into the staging table by one COPY, with the count of rows read so far.
 * `finish` completes the COPY (the rows are then visible); `abort` drops it, nothing staged.
 */
export class StagingBuffer {
  private lines: string[] = [];
  private copy: Promise<StagingCopy> | undefined;
  rowsRead = 0;
  readonly tables: Record<string, number> = {};

  constructor(
    private readonly store: ImportStore,
    private readonly importId: string,
    private readonly onProgress: (rowsRead: number) => void,
    private readonly linesPerWrite = 1000,
  ) {}

  async add(record: StagedRecord): Promise<void> {
    this.rowsRead++;
    this.tables[record.table] = (this.tables[record.table] ?? 0) + 1;
    this.lines.push(
      `${this.importId}\t${copyField(record.subject)}\t${copyField(record.table)}\t${copyField(record.file)}\t${record.row}\t${copyJson(record.rec)}\n`,
    );
    if (this.lines.length >= this.linesPerWrite) await this.write();
  }

  /** A row that cannot be given to any child (no id): counted, not staged. */
  count(table: string): void {
    this.rowsRead++;
    this.tables[table] = (this.tables[table] ?? 0) + 1;
  }

  async finish(): Promise<void> {
    await this.write();
    if (this.copy) await (await this.copy).end();
    this.copy = undefined;
  }

  async abort(): Promise<void> {
    const copy = this.copy;
    this.copy = undefined;
    if (copy) (await copy.catch(() => undefined))?.abort();
  }

  private async write(): Promise<void> {
    if (this.lines.length === 0) return;
    const lines = this.lines.join('');
    this.lines = [];
    this.copy ??= this.store.stagingCopy();
    await (await this.copy).write(lines);
    this.onProgress(this.rowsRead);
  }
}
