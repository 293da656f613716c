// The DfE 903 XML return streamed from the upload into the staging table, as the CSV tables' rows.
import type { Readable } from 'node:stream';
import type { RowProblem } from '../import-types';
import { SSDA903_TABLES, stagedFields, type Ssda903Table } from '../ssda903/tables';
import { Ssda903XmlReader } from '../ssda903/xml-reader';
import type { StagingBuffer } from './staging-buffer';

/**
 * Reads the whole return; rows without a CHILD cannot be given to a child and are rejected here.
 * Returns the tables the file held (the caller requires episodes) and how many elements outside
 * the 903 layout were skipped (worth a warning).
 */
export async function stageSsda903Xml(
  stream: Readable,
  file: string,
  staging: StagingBuffer,
  rejected: RowProblem[],
): Promise<{ tables: Set<Ssda903Table>; unknownElements: number }> {
  const reader = new Ssda903XmlReader(file);
  const tables = new Set<Ssda903Table>();
  for await (const { table, line, record } of reader.read(stream)) {
    tables.add(table);
    // Tables not turned into events are counted, not staged.
    if (!SSDA903_TABLES[table].converted) {
      staging.count(table);
      continue;
    }
    if (!record.CHILD) {
      staging.count(table);
      rejected.push({ file, row: line, field: 'CHILD', message: 'CHILD is required (<CHILDID> in the <HEADER> of its <CHILD>)' });
      continue;
    }
    await staging.add({ subject: record.CHILD, table, file, row: line, rec: stagedFields(table, record) });
  }
  return { tables, unknownElements: reader.unknownElements };
}
