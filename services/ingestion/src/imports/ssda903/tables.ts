import { ImportFileError } from '../import-types';

/** The 903 tables: the columns a file must have, and whether the importer turns it into events. */
export const SSDA903_TABLES = {
  header: { required: ['CHILD', 'DOB'], converted: true },
  episodes: { required: ['CHILD', 'DECOM', 'RNE', 'LS', 'PLACE', 'DEC', 'REC'], converted: true },
  reviews: { required: ['CHILD', 'REVIEW'], converted: true },
  uasc: { required: ['CHILD', 'DUC'], converted: true },
  missing: { required: ['CHILD', 'MISSING', 'MIS_START'], converted: true },
  oc2: { required: ['CHILD'], converted: false },
  oc3: { required: ['CHILD'], converted: false },
  ad1: { required: ['CHILD', 'DATE_INT', 'DATE_MATCH'], converted: true },
  placed_for_adoption: { required: ['CHILD', 'DATE_PLACED'], converted: true },
  previous_permanence: { required: ['CHILD'], converted: false },
  sw_episodes: { required: ['CHILD'], converted: false },
  dolo: { required: ['CHILD'], converted: false },
} as const;

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
