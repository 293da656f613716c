// One child of a 903 return, all its tables' rows, into events (imports.md "SSDA903").
import type { ChildConversion, DraftEvent, ImportWarning, RowProblem } from '../import-types';
import { periodHolding, readEpisodes, type CarePeriod, type Episode } from './episodes';
import { readDates, readEpisode, readMissing, type Fields } from './rows';
import type { Ssda903Table } from './tables';

export interface StagedRow {
  table: Ssda903Table;
  file: string;
  row: number;
  fields: Fields;
}

export interface ChildContext {
  today: string;
  /** The period an earlier import of this tenant put the child's episode of that DECOM in. */
  knownPeriod(decom: string): string | undefined;
}

export interface Ssda903Conversion extends ChildConversion {
  episodePeriods: { decom: string; periodId: string }[];
}

export function convertSsda903Child(subject: string, staged: readonly StagedRow[], ctx: ChildContext): Ssda903Conversion {
  // Read in an order of the facts, not of the file: any permutation of the rows gives the same events.
  const keyed = staged.map((r) => ({ r, key: `${r.table}\u0000${JSON.stringify(r.fields)}` }));
  const rows = keyed.sort((a, b) => cmp(a.key, b.key) || a.r.row - b.r.row).map((k) => k.r);
  const rejected: RowProblem[] = [];
  const warnings: ImportWarning[] = [];
  const of = (t: Ssda903Table) => rows.filter((r) => r.table === t);
  const episodesFile = of('episodes')[0]?.file ?? 'episodes';
  const none = { subject, events: [], rejected, warnings, episodePeriods: [] };
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(subject)) {
    for (const r of rows) rejected.push({ file: r.file, row: r.row, field: 'CHILD', message: 'CHILD must be 1–64 letters, digits, . _ or -' });
    return none;
  }

  const episodes: Episode[] = [];
  for (const r of of('episodes')) {
    const { episode, problems } = readEpisode(r.file, r.row, r.fields);
    rejected.push(...problems);
    if (!episode) continue;
    if (episode.decom > ctx.today) {
      warnings.push({ file: r.file, row: r.row, code: 'future-date', message: `DECOM ${episode.decom} is in the future; the episode is left out` });
      continue;
    }
    if (episode.dec !== undefined && episode.dec > ctx.today) {
      warnings.push({ file: r.file, row: r.row, code: 'future-date', message: `DEC ${episode.dec} is in the future; the episode is read as open` });
      episode.dec = undefined;
      episode.rec = undefined;
    }
    episodes.push(episode);
  }
  const dated = (t: Ssda903Table, required: string[], optional: string[] = []) =>
    of(t).flatMap((r) => {
      const { dates, problems } = readDates(r.file, r.row, r.fields, required, optional);
      rejected.push(...problems);
      return problems.length ? [] : [{ r, dates }];
    });
  const uasc = dated('uasc', [], ['DUC']);
  const header = dated('header', ['DOB']);
  const reviews = dated('reviews', ['REVIEW']);
  const ad1 = dated('ad1', [], ['DATE_INT', 'DATE_MATCH']);
  const placed = dated('placed_for_adoption', ['DATE_PLACED']);
  const missing = of('missing').flatMap((r) => {
    const { missing: m, problems } = readMissing(r.file, r.row, r.fields);
    rejected.push(...problems);
    return m ? [{ r, m }] : [];
  });
  if (rejected.length > 0) return none;
  if (episodes.length === 0) {
    warnings.push({
      file: rows[0]?.file ?? episodesFile,
      row: rows[0]?.row,
      code: 'no-episodes',
      message: 'rows for a child with no episode in this return are not imported',
    });
    return none;
  }

  const headerUasc = of('header').some((r) => r.fields.UASC?.trim() === '1');
  const uascOn = (date: string): boolean | undefined => {
    if (uasc.length > 0) return uasc.some(({ dates }) => dates.DUC === undefined || dates.DUC > date);
    return headerUasc ? true : undefined;
  };
  const reading = readEpisodes(episodes, { subject, file: episodesFile, uascOn, knownPeriod: ctx.knownPeriod });
  warnings.push(...reading.warnings);
  const events: DraftEvent[] = [...reading.events];
  const add = (e: Omit<DraftEvent, 'subject'>) => events.push({ ...e, subject });
  const future = (r: { file: string; row: number }, field: string, date: string) => {
    const is = date > ctx.today;
    if (is) warnings.push({ file: r.file, row: r.row, code: 'future-date', message: `${field} ${date} is in the future; left out` });
    return is;
  };
  const inPeriod = (r: { file: string; row: number }, field: string, date: string): CarePeriod | undefined => {
    if (future(r, field, date)) return undefined;
    const p = periodHolding(reading.periods, date);
    if (!p)
      warnings.push({ file: r.file, row: r.row, code: 'outside-period', message: `${field} ${date} is outside every period of care in the return; left out` });
    return p;
  };

  const dob = header.map(({ dates }) => dates.DOB as string).sort()[0];
  if (dob && !future(header[0].r, 'DOB', dob))
    add({ type: 'csc.child.details-recorded', date: `${dob.slice(0, 7)}-01`, data: { birthDate: dob.slice(0, 7) }, fact: dob.slice(0, 7) });
  for (const { r, dates } of reviews) {
    const p = inPeriod(r, 'REVIEW', dates.REVIEW!);
    if (p) add({ type: 'csc.lac-review.held', date: dates.REVIEW!, data: { periodId: p.periodId }, fact: p.periodId });
  }
  for (const { r, m } of missing) {
    if (future(r, 'MIS_START', m.start)) continue;
    const missingId = `903-${subject}-m${m.start}`;
    add({ type: 'csc.missing.started', date: m.start, data: { missingId, kind: m.kind }, fact: missingId });
    if (m.end !== undefined && !future(r, 'MIS_END', m.end)) add({ type: 'csc.missing.ended', date: m.end, data: { missingId }, fact: missingId });
  }
  for (const { r, dates } of ad1) {
    for (const [field, type] of [
      ['DATE_INT', 'csc.adoption.decision-made'],
      ['DATE_MATCH', 'csc.adoption.matched'],
    ] as const) {
      const date = dates[field];
      const p = date === undefined ? undefined : inPeriod(r, field, date);
      if (p) add({ type, date: date!, data: { periodId: p.periodId }, fact: p.periodId });
    }
  }
  for (const { r, dates } of placed) {
    const p = inPeriod(r, 'DATE_PLACED', dates.DATE_PLACED!);
    if (p) add({ type: 'csc.adoption.placed', date: dates.DATE_PLACED!, data: { periodId: p.periodId }, fact: p.periodId });
  }
  return { subject, events: orderEvents(events), rejected, warnings, episodePeriods: reading.episodePeriods };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** By date; on one date in the order stated (an ending before the start that follows it); then by the rest. */
function orderEvents(events: DraftEvent[]): DraftEvent[] {
  const seen = new Set<string>();
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.date < b.e.date ? -1 : a.e.date > b.e.date ? 1 : a.i - b.i))
    .map(({ e }) => e)
    .filter((e) => {
      // A fact stated twice (two identical review rows) is one event.
      const key = `${e.type}|${e.date}|${e.fact}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
