import type { Comparator, FieldError } from '@casewatch/contracts';
import { CsvError, parse } from 'csv-parse/sync';
import { laitIndicator } from './lait-indicators';

/**
 * A LAIT indicator table saved as CSV (docs/comparators.md): one row per area, with the columns
 * `LA number`, `LA name`, optionally `Indicator`, and one column per year. Rows of England, the
 * statistical neighbours and the regions (no 3-digit LA number) become comparators named after
 * them; rows of single councils are passed over. Other columns (rank, quartile…) are ignored.
 */
export interface LaitRead {
  /** By metric id, in file order. */
  comparators: Record<string, Comparator[]>;
  /** Rows read, besides the header. */
  rows: number;
  /** Council rows passed over (a 3-digit LA number). */
  councilRows: number;
  /** Indicators named in the file that Casewatch does not map, with the first row naming each. */
  ignored: { indicator: string; row: number }[];
}

export interface LaitOptions {
  /** The indicator of a file without an `Indicator` column (or of its rows that leave it empty). */
  indicator?: string;
  /** Where the figures were published: stored with each comparator. */
  source?: string;
}

/** The file cannot be used: every problem, by row and column; nothing is changed. */
export class LaitFileError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => e.message).join('; '));
    this.name = 'LaitFileError';
  }
}

const MAX_ERRORS = 20;
const LA_NUMBER = /^\d{3}$/;
// DfE's symbols for a figure that is not given: suppressed (x, c), not applicable (z), low
// reliability (u, low), not available (:, .); and the blanks Excel leaves.
const NO_FIGURE = new Set(['', 'x', 'c', 'z', 'u', 'low', ':', '.', '..', '-', '–', 'n/a', 'na']);

interface Columns {
  laNumber: number;
  laName: number;
  indicator?: number;
  /** Column index → financial year (`fyYYYY`) of the year ending 31 March it holds. */
  years: { index: number; header: string; period: string }[];
}

export function readLaitCsv(text: string, options: LaitOptions = {}): LaitRead {
  let records: (string[] & { line: number })[];
  try {
    const parsed = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
    records = parsed.map((r) => Object.assign(r.record, { line: r.info.lines }));
  } catch (err) {
    if (err instanceof CsvError) throw new LaitFileError([{ pointer: '', message: `not a readable CSV file: ${err.message}` }]);
    throw err;
  }
  if (records.length === 0) throw new LaitFileError([{ pointer: '', message: 'the file is empty: it needs a header row (LA number, LA name, years)' }]);
  const columns = readHeader(records[0]);
  const errors = new Errors();
  const read: LaitRead = { comparators: {}, rows: 0, councilRows: 0, ignored: [] };
  const seen = new Map<string, number>();
  for (const record of records.slice(1)) {
    const row = record.line;
    const cell = (i: number | undefined) => (i === undefined ? '' : (record[i] ?? '').trim());
    if (record.every((c) => c.trim() === '')) continue;
    read.rows++;
    if (record.length > records[0].length) {
      // An unquoted comma ("per 10,000") shifts every figure after it into the wrong year.
      errors.add(row, '', `row ${row} has ${record.length} cells where the header has ${records[0].length}: a comma inside a cell must be quoted`);
      continue;
    }
    if (LA_NUMBER.test(cell(columns.laNumber))) {
      read.councilRows++;
      continue;
    }
    const name = areaName(cell(columns.laName));
    if (!name) {
      errors.add(
        row,
        'LA name',
        `row ${row}: a row without a 3-digit LA number is England, a region or the statistical neighbours, and needs its name in LA name`,
      );
      continue;
    }
    if (name.length > 80) {
      errors.add(row, 'LA name', `row ${row}, column LA name: a name of at most 80 characters`);
      continue;
    }
    const wording = cell(columns.indicator) || options.indicator?.trim() || '';
    if (!wording) {
      errors.add(row, 'Indicator', `row ${row}: no indicator (give the file an Indicator column, or the upload ?indicator=)`);
      continue;
    }
    const indicator = laitIndicator(wording);
    if (!indicator) {
      if (!read.ignored.some((i) => i.indicator === wording)) read.ignored.push({ indicator: wording, row });
      continue;
    }
    for (const year of columns.years) {
      const raw = cell(year.index);
      if (NO_FIGURE.has(raw.toLowerCase())) continue;
      const value = figure(raw);
      if (value === undefined) {
        errors.add(
          row,
          year.header,
          `row ${row}, column ${year.header}: ${JSON.stringify(raw.slice(0, 40))} is not a number (x, c, z, u, low, : and . are read as no figure)`,
        );
        continue;
      }
      const key = `${indicator.metricId}\u0000${name}\u0000${year.period}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        errors.add(row, year.header, `row ${row}, column ${year.header}: ${name}'s ${year.header} figure for ${indicator.metricId} is also on row ${earlier}`);
        continue;
      }
      seen.set(key, row);
      (read.comparators[indicator.metricId] ??= []).push({ name, period: year.period, value, ...(options.source ? { source: options.source } : {}) });
    }
  }
  if (errors.list.length > 0) throw new LaitFileError(errors.list);
  return read;
}

function readHeader(header: string[]): Columns {
  const errors = new Errors();
  const names = header.map((h) => h.trim().replace(/\s+/g, ' '));
  const find = (...wanted: string[]) => {
    const i = names.findIndex((n) => wanted.includes(n.toLowerCase()));
    return i < 0 ? undefined : i;
  };
  const laNumber = find('la number', 'la code');
  const laName = find('la name');
  if (laNumber === undefined) errors.add(1, 'LA number', 'the header has no LA number column (also read as LA code)');
  if (laName === undefined) errors.add(1, 'LA name', 'the header has no LA name column');
  const years: Columns['years'] = [];
  for (const [index, header] of names.entries()) {
    if (!/^\d/.test(header)) continue;
    const period = yearEndingMarch(header);
    if (!period) {
      errors.add(1, header, `column ${header}: not a year (2023, 2022-23, 2022/23, 2022 to 2023 or 202223)`);
      continue;
    }
    const twin = years.find((y) => y.period === period);
    if (twin) errors.add(1, header, `column ${header}: the same year as column ${twin.header}`);
    else years.push({ index, header, period });
  }
  if (years.length === 0 && errors.list.length === 0) errors.add(1, '', 'the header has no year columns (such as 2023 or 2022-23)');
  if (errors.list.length > 0) throw new LaitFileError(errors.list);
  return { laNumber: laNumber as number, laName: laName as number, indicator: find('indicator'), years };
}

/**
 * The financial year a year column holds. DfE's children's social care years end on 31 March: a
 * bare `2023` is the year to 31 March 2023, so fy2022, as are `2022-23`, `2022/23`,
 * `2022 to 2023` and the explore-education-statistics form `202223`.
 */
export function yearEndingMarch(header: string): string | undefined {
  const single = /^(\d{4})$/.exec(header);
  if (single) return inRange(Number(single[1]) - 1);
  const span = /^(\d{4})(?:\s*[-/–]\s*|\s+to\s+|)(\d{2}|\d{4})$/.exec(header);
  if (!span) return undefined;
  const start = Number(span[1]);
  const end = Number(span[2]);
  const follows = span[2].length === 2 ? end === (start + 1) % 100 : end === start + 1;
  return follows ? inRange(start) : undefined;
}

function inRange(startYear: number): string | undefined {
  return startYear >= 1990 && startYear <= 2099 ? `fy${startYear}` : undefined;
}

/** "England", "Statistical neighbours" (however LAIT words it), or a region as written. */
function areaName(raw: string): string {
  const name = raw.replace(/\s+/g, ' ').trim();
  if (/^england\b/i.test(name) && !/\bregion\b/i.test(name)) return 'England';
  if (/^statistical neighbou?rs?\b/i.test(name)) return 'Statistical neighbours';
  return name;
}

/** A number as a spreadsheet writes it: "1,234", "70.5", "70.5%". */
function figure(raw: string): number | undefined {
  const text = raw.replace(/(\d),(?=\d{3}\b)/g, '$1').replace(/%$/, '');
  if (!/^-?\d+(\.\d+)?$/.test(text)) return undefined;
  return Number(text);
}

class Errors {
  readonly list: FieldError[] = [];

  add(row: number, column: string, message: string): void {
    if (this.list.length < MAX_ERRORS) this.list.push({ pointer: `/rows/${row}/${column.replace(/~/g, '~0').replace(/\//g, '~1')}`, message });
  }
}
