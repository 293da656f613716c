import { formatBytes, formatReport, groupWarnings, REJECTED_SHOWN } from './format';
import type { ImportReport } from './report';

const base: ImportReport = {
  importId: 'b3c0',
  format: 'ssda903',
  tenant: 'barnet',
  source: 'urn:casewatch:import:ssda903',
  collectionYear: 2017,
  dryRun: false,
  children: 2123,
  childrenSkipped: 0,
  events: 14849,
  duplicates: 849,
  rejected: [],
  rejectedTotal: 0,
  warnings: [],
  tables: { episodes: 5050, reviews: 12582 },
};

describe('the report, for a person to read', () => {
  it('gives the counts, the year and the tables read', () => {
    const text = formatReport(base);
    expect(text).toContain('Imported ssda903 for tenant barnet, collection year 2017–18 (import b3c0)');
    expect(text).toMatch(/children\s+2,123\n/);
    expect(text).toMatch(/events\s+14,849 {2}14,000 new, 849 already known/);
    expect(text).toMatch(/rejected rows\s+0\n/);
    expect(text).toContain('rows read: episodes 5,050, reviews 12,582');
    expect(text).not.toContain('Rejected rows');
    expect(text).not.toContain('Warnings');
  });

  it('wraps a long list of tables', () => {
    const tables = Object.fromEntries(
      ['header', 'episodes', 'reviews', 'uasc', 'missing', 'oc2', 'oc3', 'ad1', 'placed_for_adoption', 'previous_permanence'].map((t) => [t, 2675]),
    );
    const lines = formatReport({ ...base, tables }).split('\n');
    const at = lines.findIndex((l) => l.startsWith('  rows read: header 2,675,'));
    expect(lines[at].length).toBeLessThanOrEqual(96);
    expect(lines[at + 1]).toMatch(/^ {4}\S.*previous_permanence 2,675$/);
  });

  it('says a dry run published nothing', () => {
    expect(formatReport({ ...base, dryRun: true })).toMatch(/^Dry run of ssda903[^\n]*\n[^\n]*\nNothing was published/);
  });

  it('lists rejected rows as a table, capped with "and N more"', () => {
    const rejected = Array.from({ length: 25 }, (_, i) => ({
      file: 'episodes.csv',
      row: i + 2,
      field: 'DECOM',
      message: `DECOM 2017-13-0${i % 9} is not a date`,
    }));
    const text = formatReport({ ...base, rejected, rejectedTotal: 30, childrenSkipped: 4 });
    expect(text).toMatch(/children\s+2,123 {2}4 skipped whole: a row of theirs was rejected/);
    const rows = text.split('\n').filter((l) => l.startsWith('  episodes.csv'));
    expect(rows).toHaveLength(REJECTED_SHOWN);
    expect(rows[0]).toBe('  episodes.csv    2  DECOM  DECOM 2017-13-00 is not a date');
    expect(rows[8]).toBe('  episodes.csv   10  DECOM  DECOM 2017-13-08 is not a date');
    expect(text).toMatch(/ {2}file {10}row {2}field {2}message/);
    expect(text).toContain('… and 10 more: --json prints them (the report lists the first 25)');
  });

  it('groups warnings by code, most frequent first, with their meaning and an example', () => {
    const text = formatReport({
      ...base,
      warnings: [
        { file: 'oc2', code: 'table-not-converted', message: 'oc2 holds yes/no flags', count: 2675 },
        { file: 'reviews.csv', row: 9, code: 'outside-period', message: 'REVIEW 2015-01-01 is outside every period of care', count: 3 },
        { file: 'ad1.csv', row: 4, code: 'outside-period', message: 'DATE_INT 2015-09-05 is outside', count: 2 },
        { file: 'episodes.csv', row: 7, code: 'something-new', message: 'a code this CLI does not know', count: 1 },
      ],
    });
    expect(text).toMatch(/warnings\s+2,681\n/);
    const section = text.slice(text.indexOf('Warnings'));
    expect(section.split('\n').filter((l) => /^ {2}\S/.test(l))).toEqual([
      '  table-not-converted × 2,675 in oc2',
      '  outside-period × 5 in reviews.csv, ad1.csv',
      '  something-new × 1 in episodes.csv',
    ]);
    expect(section).toContain(
      '      a review, missing episode or adoption date outside every period of care: left out\n      e.g. reviews.csv row 9: REVIEW 2015-01-01',
    );
    expect(section).toContain('  something-new × 1 in episodes.csv\n      e.g. row 7: a code this CLI does not know');
  });

  it('tells the CIN census meaning of a code both formats use', () => {
    const [g] = groupWarnings([{ file: 'c.xml', code: 'duplicate-episode', message: 'm' }]);
    expect(g.count).toBe(1);
    const text = formatReport({ ...base, format: 'cin-census', warnings: [{ file: 'c.xml', code: 'duplicate-episode', message: 'm', count: 1 }] });
    expect(text).toContain('more than one <CINdetails> with the same CINreferralDate: merged');
  });

  it('writes sizes in binary units', () => {
    expect([0, 1023, 1024, 1536, 20 * 1024 * 1024, 3 * 1024 ** 3].map(formatBytes)).toEqual(['0 B', '1023 B', '1.0 KB', '1.5 KB', '20 MB', '3.0 GB']);
  });
});
