import fc from 'fast-check';
import { convertSsda903Child, type StagedRow } from './convert-child';
import type { Ssda903Table } from './tables';

const TODAY = '2026-12-06';
let line = 1;
const ep = (decom: string, rne: string, ls: string, place: string, dec = '', rec = '', reason = ''): StagedRow => ({
  table: 'episodes',
  file: 'episodes.csv',
  row: ++line,
  fields: { CHILD: 'C1', DECOM: decom, RNE: rne, LS: ls, PLACE: place, PLACE_PROVIDER: 'PR1', DEC: dec, REC: rec, REASON_PLACE_CHANGE: reason },
});
const row = (table: Ssda903Table, fields: Record<string, string>): StagedRow => ({
  table,
  file: `${table}.csv`,
  row: ++line,
  fields: { CHILD: 'C1', ...fields },
});
const convert = (rows: StagedRow[], known: Record<string, string> = {}) => convertSsda903Child('C1', rows, { today: TODAY, knownPeriod: (d) => known[d] });
const brief = (rows: StagedRow[], known?: Record<string, string>) =>
  convert(rows, known).events.map((e) => `${e.date} ${e.type.replace('csc.', '')} ${JSON.stringify(e.data)}`);
const codes = (rows: StagedRow[]) => convert(rows).warnings.map((w) => w.code);

describe('903 episodes read as periods of care (imports.md)', () => {
  it('S starts a period, placement and legal-status changes follow, an E code ends it', () => {
    expect(
      brief([
        ep('01/05/2016', 'S', 'C2', 'U1', '01/02/2017', 'X1'),
        ep('01/02/2017', 'P', 'C2', 'U3', '01/06/2017', 'X1', 'CARPL'),
        ep('01/06/2017', 'L', 'E1', 'U3', '01/09/2017', 'E11'),
      ]),
    ).toEqual([
      '2016-05-01 lac.started {"periodId":"903-C1-2016-05-01","legalStatus":"C2","placementType":"U1","provider":"PR1"}',
      '2017-02-01 lac.placement-changed {"periodId":"903-C1-2016-05-01","placementType":"U3","provider":"PR1","reason":"CARPL"}',
      '2017-06-01 lac.legal-status-changed {"periodId":"903-C1-2016-05-01","legalStatus":"E1"}',
      '2017-09-01 lac.ended {"periodId":"903-C1-2016-05-01","reason":"E11"}',
    ]);
  });

  it('infers the start of a period already running when the return begins (not counted as a start)', () => {
    expect(brief([ep('14/08/2017', 'T', 'C2', 'A3')])).toEqual([
      '2017-08-14 lac.started {"periodId":"903-C1-2017-08-14","legalStatus":"C2","placementType":"A3","provider":"PR1","startInferred":true}',
    ]);
  });

  it('overlapping episodes: the earlier ends when the later starts', () => {
    const rows = [ep('01/05/2016', 'S', 'C2', 'U1', '01/09/2016', 'E13'), ep('01/08/2016', 'S', 'V2', 'U4', '', '')];
    expect(brief(rows)).toEqual([
      '2016-05-01 lac.started {"periodId":"903-C1-2016-05-01","legalStatus":"C2","placementType":"U1","provider":"PR1"}',
      '2016-08-01 lac.ended {"periodId":"903-C1-2016-05-01","reason":"E13"}',
      '2016-08-01 lac.started {"periodId":"903-C1-2016-08-01","legalStatus":"V2","placementType":"U4","provider":"PR1"}',
    ]);
    expect(codes(rows)).toEqual(['overlap']);
  });

  it('S inside an open period closes it without an ending', () => {
    const rows = [ep('01/05/2016', 'S', 'C2', 'U1', '01/09/2016', 'X1'), ep('01/09/2016', 'S', 'V2', 'U4')];
    expect(brief(rows).map((l) => l.slice(0, 22))).toEqual(['2016-05-01 lac.started', '2016-09-01 lac.started']);
    expect(codes(rows)).toEqual(['s-inside-period']);
  });

  it('X1 continues the period; REC without DEC ends nothing', () => {
    const rows = [ep('01/05/2016', 'S', 'C2', 'U1', '01/09/2016', 'X1'), ep('01/09/2016', 'U', 'C1', 'U2', '', 'E13')];
    expect(brief(rows)).toEqual([
      '2016-05-01 lac.started {"periodId":"903-C1-2016-05-01","legalStatus":"C2","placementType":"U1","provider":"PR1"}',
      '2016-09-01 lac.legal-status-changed {"periodId":"903-C1-2016-05-01","legalStatus":"C1"}',
      '2016-09-01 lac.placement-changed {"periodId":"903-C1-2016-05-01","placementType":"U2","provider":"PR1"}',
    ]);
    expect(codes(rows)).toEqual(['rec-without-dec']);
  });

  it('a child who ceases twice has two periods; a new period without S is inferred and warned', () => {
    const rows = [ep('01/05/2016', 'S', 'C2', 'U1', '01/09/2016', 'E13'), ep('01/01/2017', 'P', 'V2', 'U1', '01/03/2017', 'E41')];
    expect(brief(rows)).toEqual([
      '2016-05-01 lac.started {"periodId":"903-C1-2016-05-01","legalStatus":"C2","placementType":"U1","provider":"PR1"}',
      '2016-09-01 lac.ended {"periodId":"903-C1-2016-05-01","reason":"E13"}',
      '2017-01-01 lac.started {"periodId":"903-C1-2017-01-01","legalStatus":"V2","placementType":"U1","provider":"PR1","startInferred":true}',
      '2017-03-01 lac.ended {"periodId":"903-C1-2017-01-01","reason":"E41"}',
    ]);
    expect(codes(rows)).toEqual(['new-period-without-s']);
  });

  it('an ending and a start on the same day: the ending first', () => {
    const events = brief([ep('01/09/2016', 'S', 'V3', 'U1'), ep('01/05/2016', 'S', 'C2', 'U1', '01/09/2016', 'E13')]);
    expect(events.map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual(['2016-05-01 lac.started', '2016-09-01 lac.ended', '2016-09-01 lac.started']);
  });

  it('reviews, missing, adoption and the date of birth (month only) become events in their period', () => {
    const rows = [
      ep('01/05/2016', 'S', 'C2', 'U1', '01/09/2017', 'E11'),
      row('header', { DOB: '27/03/2008' }),
      row('reviews', { REVIEW: '30/05/2016' }),
      row('reviews', { REVIEW: '30/05/2018' }),
      row('missing', { MISSING: 'A', MIS_START: '13/11/2016', MIS_END: '25/11/2016' }),
      row('placed_for_adoption', { DATE_PLACED: '01/06/2017' }),
      row('uasc', { DUC: '01/01/2030' }),
    ];
    expect(brief(rows)).toEqual([
      '2008-03-01 child.details-recorded {"birthDate":"2008-03"}',
      '2016-05-01 lac.started {"periodId":"903-C1-2016-05-01","legalStatus":"C2","placementType":"U1","provider":"PR1","uasc":true}',
      '2016-05-30 lac-review.held {"periodId":"903-C1-2016-05-01"}',
      '2016-11-13 missing.started {"missingId":"903-C1-m2016-11-13","kind":"away"}',
      '2016-11-25 missing.ended {"missingId":"903-C1-m2016-11-13"}',
      '2017-06-01 adoption.placed {"periodId":"903-C1-2016-05-01"}',
      '2017-09-01 lac.ended {"periodId":"903-C1-2016-05-01","reason":"E11"}',
    ]);
    expect(codes(rows)).toEqual(['outside-period']);
  });

  it('a bad row skips the child whole, naming the row and field', () => {
    const result = convert([ep('01/05/2016', 'S', 'C2', 'U1'), ep('31/02/2017', 'P', 'C2', 'U9'), row('reviews', { REVIEW: 'soon' })]);
    expect(result.events).toEqual([]);
    expect(result.rejected.map((r) => `${r.file}:${r.field}`)).toEqual(['episodes.csv:DECOM', 'reviews.csv:REVIEW']);
  });

  it('a fact dated in the future is left out with a warning, the child kept', () => {
    const result = convert([ep('01/05/2016', 'S', 'C2', 'U1', '01/01/2030', 'E13'), row('reviews', { REVIEW: '01/01/2029' })]);
    expect(result.events.map((e) => e.type)).toEqual(['csc.lac.started']);
    expect(result.warnings.map((w) => w.code)).toEqual(['future-date', 'future-date']);
  });

  it("next year's return continues the period an earlier import read, adding only the new facts", () => {
    const lastYear = convert([ep('01/05/2016', 'S', 'C2', 'U1', '01/02/2017', 'X1'), ep('01/02/2017', 'P', 'C2', 'U3')]);
    const known = Object.fromEntries(lastYear.episodePeriods.map((e) => [e.decom, e.periodId]));
    const thisYear = convert([ep('01/02/2017', 'P', 'C2', 'U3', '01/09/2017', 'E13')], known);
    expect(thisYear.events.map((e) => `${e.type} ${JSON.stringify(e.data)}`)).toEqual(['csc.lac.ended {"periodId":"903-C1-2016-05-01","reason":"E13"}']);
  });

  it('any order of the rows gives the same events (property)', () => {
    const rows = [
      ep('01/05/2016', 'S', 'C2', 'U1', '01/02/2017', 'X1'),
      ep('01/02/2017', 'P', 'C2', 'U3', '01/06/2017', 'X1'),
      ep('01/06/2017', 'L', 'E1', 'U3', '01/09/2017', 'E11'),
      ep('01/08/2017', 'S', 'V3', 'R1'),
      ep('01/08/2017', 'S', 'V3', 'R1'),
      row('reviews', { REVIEW: '30/05/2016' }),
      row('reviews', { REVIEW: '30/05/2016' }),
      row('reviews', { REVIEW: '01/07/2017' }),
      row('missing', { MISSING: 'M', MIS_START: '13/11/2016', MIS_END: '' }),
      row('missing', { MISSING: 'A', MIS_START: '13/11/2016', MIS_END: '' }),
      row('header', { DOB: '27/03/2008' }),
      row('uasc', { DUC: '01/06/2017' }),
    ];
    const expected = convert(rows).events;
    fc.assert(
      fc.property(fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length }), (shuffled) => {
        expect(convert(shuffled).events).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});
