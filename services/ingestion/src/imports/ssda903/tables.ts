import { ImportFileError } from '../import-types';

/**
 * The 903 tables: the columns a file must have, whether the importer turns it into events, and
 * the columns the converter reads (only those are staged: postcodes, URNs, UPNs never are).
 */
export const SSDA903_TABLES = {
  header: { required: ['CHILD', 'DOB'], converted: true, reads: ['DOB', 'UASC'] },
  episodes: {
    required: ['CHILD', 'DECOM', 'RNE', 'LS', 'PLACE', 'DEC', 'REC'],
    converted: true,
    reads: ['DECOM', 'RNE', 'LS', 'PLACE', 'PLACE_PROVIDER', 'DEC', 'REC', 'REASON_PLACE_CHANGE'],
  },
  reviews: { required: ['CHILD', 'REVIEW'], converted: true, reads: ['REVIEW'] },
  uasc: { required: ['CHILD', 'DUC'], converted: true, reads: ['DUC'] },
  missing: { required: ['CHILD', 'MISSING', 'MIS_START'], converted: true, reads: ['MISSING', 'MIS_START', 'MIS_END'] },
  oc2: { required: ['CHILD'], converted: false, reads: [] },
  oc3: { required: ['CHILD'], converted: false, reads: [] },
  ad1: { required: ['CHILD', 'DATE_INT', 'DATE_MATCH'], converted: true, reads: ['DATE_INT', 'DATE_MATCH'] },
  placed_for_adoption: { required: ['CHILD', 'DATE_PLACED'], converted: true, reads: ['DATE_PLACED'] },
  previous_permanence: { required: ['CHILD'], converted: false, reads: [] },
  sw_episodes: { required: ['CHILD'], converted: false, reads: [] },
  dolo: { required: ['CHILD'], converted: false, reads: [] },
} as const;

/** The columns of a row the converter reads, trimmed; empty ones left out. */
export function stagedFields(table: Ssda903Table, record: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const column of SSDA903_TABLES[table].reads) {
    const v = record[column]?.trim();
    if (v) out[column] = v;
  }
  return out;
}

export type Ssda903Table = keyof typeof SSDA903_TABLES;

const NAMES = Object.keys(SSDA903_TABLES) as Ssda903Table[];

/** The table a file holds: its form field name, else its file name (`2017-episodes.csv`). */
export function tableOf(fieldName: string, fileName: string): Ssda903Table {
  for (const candidate of [fieldName, fileName]) {
    const base = candidate.toLowerCase().replace(/\.(csv|txt)$/, '');
    const exact = NAMES.find((n) => base === n);
    if (exact) return exact;
    // Longest name first: `placed_for_adoption` before nothing shorter can steal it.
    const found = [...NAMES].sort((a, b) => b.length - a.length).find((n) => new RegExp(`(^|[^a-z])${n}([^a-z]|$)`).test(base));
    if (found) return found;
  }
  throw new ImportFileError(fileName || fieldName, `not a 903 table: name the file or its form field ${NAMES.join(', ')}`);
}

/** A collection year from a file name such as `2017-episodes.csv` or `episodes_2017.csv`. */
export function yearOfFileName(fileName: string): number | undefined {
  const m = /(?:^|[^0-9])(20[0-9]{2})(?:[^0-9]|$)/.exec(fileName);
  return m ? Number(m[1]) : undefined;
}

export function checkColumns(table: Ssda903Table, file: string, columns: string[]): void {
  const missing = SSDA903_TABLES[table].required.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    throw new ImportFileError(file, `the ${table} table needs the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`, missing[0]);
  }
}
