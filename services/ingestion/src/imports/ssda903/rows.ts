// Reading one 903 row's fields, collecting what is wrong with it (the child is then skipped whole).
import { parseReturnDate } from '../dates';
import type { RowProblem } from '../import-types';
import type { Episode } from './episodes';

export type Fields = Record<string, string | undefined>;

export class RowReader {
  readonly problems: RowProblem[] = [];

  constructor(
    private readonly file: string,
    private readonly row: number,
    private readonly fields: Fields,
  ) {}

  private value(field: string): string | undefined {
    const v = this.fields[field]?.trim();
    return v === '' ? undefined : v;
  }

  problem(field: string, message: string): undefined {
    this.problems.push({ file: this.file, row: this.row, field, message });
    return undefined;
  }

  date(field: string, required: boolean): string | undefined {
    const v = this.value(field);
    if (v === undefined) return required ? this.problem(field, `${field} is required`) : undefined;
    return parseReturnDate(v) ?? this.problem(field, `${field} "${v}" is not a date (dd/mm/yyyy)`);
  }

  code(field: string, pattern: RegExp, required: boolean, what: string): string | undefined {
    const v = this.value(field);
    if (v === undefined) return required ? this.problem(field, `${field} is required`) : undefined;
    return pattern.test(v) ? v : this.problem(field, `${field} "${v}" is not ${what}`);
  }
}

const LS = /^[A-Z][0-9]$/;
const PLACE = /^[A-Z][0-9]$/;

export function readEpisode(file: string, row: number, f: Fields): { episode?: Episode; problems: RowProblem[] } {
  const r = new RowReader(file, row, f);
  const decom = r.date('DECOM', true);
  const rne = r.code('RNE', /^[SPLTUB]$/, true, 'a reason for new episode (S, P, L, T, U, B)');
  const ls = r.code('LS', LS, true, 'a legal status code (e.g. C2, V2, L1)');
  const place = r.code('PLACE', PLACE, true, 'a placement type code (e.g. U1, R1, K2)');
  const provider = r.code('PLACE_PROVIDER', /^PR[0-6]$/, false, 'a placement provider (PR0–PR6)');
  const dec = r.date('DEC', false);
  const rec = r.code('REC', /^(X1|E[0-9][0-9A-Z]?)$/, false, 'a reason episode ceased (X1 or an E code)');
  const reasonPlaceChange = r.code('REASON_PLACE_CHANGE', /^[A-Z0-9]{1,8}$/, false, 'a reason for placement change code');
  if (dec !== undefined && rec === undefined && r.problems.length === 0) r.problem('REC', 'REC is required when DEC is given');
  if (r.problems.length > 0) return { problems: r.problems };
  return {
    episode: { row, decom: decom!, rne: rne!, ls: ls!, place: place!, provider, dec, rec, reasonPlaceChange },
    problems: [],
  };
}

export function readDates(file: string, row: number, f: Fields, required: readonly string[], optional: readonly string[] = []) {
  const r = new RowReader(file, row, f);
  const dates: Record<string, string | undefined> = {};
  for (const field of required) dates[field] = r.date(field, true);
  for (const field of optional) dates[field] = r.date(field, false);
  return { dates, problems: r.problems };
}

export function readMissing(file: string, row: number, f: Fields) {
  const r = new RowReader(file, row, f);
  const kind = r.code('MISSING', /^[MA]$/, true, 'M (missing) or A (away without authorisation)');
  const start = r.date('MIS_START', true);
  const end = r.date('MIS_END', false);
  return { missing: r.problems.length ? undefined : { kind: kind === 'M' ? 'missing' : 'away', start: start!, end }, problems: r.problems };
}
