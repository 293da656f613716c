// 903 CSV tables streamed from the upload into the staging table, by child.
import { CsvError, parse } from 'csv-parse';
import type { Readable } from 'node:stream';
import { ImportFileError, type RowProblem } from '../import-types';
import { checkColumns, SSDA903_TABLES, stagedFields, type Ssda903Table } from '../ssda903/tables';
import type { StagingBuffer } from './staging-buffer';

/** Reads one table's CSV; rows without a CHILD cannot be given to a child and are rejected here. */
export async function stageSsda903Csv(stream: Readable, table: Ssda903Table, file: string, staging: StagingBuffer, rejected: RowProblem[]): Promise<void> {
  const parser = stream.pipe(
    parse({
      bom: true,
      columns: (header: string[]) => {
        const columns = header.map((h) => h.trim().toUpperCase());
        checkColumns(table, file, columns);
        return columns;
      },
      skip_empty_lines: true,
      relax_column_count: true,
      // Not `trim`: only the columns staged are trimmed (stagedFields), a third of csv-parse's time.
      info: true,
    }),
  );
  stream.on('error', (err) => parser.destroy(err));
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      const child = record.CHILD?.trim();
      // Tables not turned into events are counted, not staged.
      if (!SSDA903_TABLES[table].converted) {
        staging.count(table);
        continue;
      }
      if (!child) {
        staging.count(table);
        rejected.push({ file, row: info.lines, field: 'CHILD', message: 'CHILD is required' });
        continue;
      }
      await staging.add({ subject: child, table, file, row: info.lines, rec: stagedFields(table, record) });
    }
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    if (err instanceof CsvError) throw new ImportFileError(file, `not a readable CSV file: ${err.message}`);
    throw err;
  }
  if (!staging.tables[table]) staging.tables[table] = 0;
}
