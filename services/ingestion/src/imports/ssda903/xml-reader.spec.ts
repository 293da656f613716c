import { sharedData } from '@casewatch/testing';
import { parse } from 'csv-parse/sync';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ImportFileError } from '../import-types';
import type { Ssda903Table } from './tables';
import { csvTablesToXml, type CsvTables } from './testing/csv-to-xml';
import { MAX_ELEMENTS_PER_CHILD, MAX_RUN_WITHOUT_TAG, Ssda903XmlReader, XML_COLUMNS, csvDate, readSsda903Xml, type Ssda903XmlRow } from './xml-reader';

// The layout of the DfE return (see xml-reader.ts): AD1 fields bare in the HEADER, OC3 in a wrapper,
// ISO dates for the second child, elements outside the layout, a child without CHILDID.
const SAMPLE = `<?xml version="1.0" encoding="UTF-8"?>
<EXPSSDA903>
  <!-- £ é ✓ -->
  <CHILD>
    <HEADER>
      <CHILDID>100001</CHILDID>
      <UPN>A123456789012</UPN>
      <SEX>1</SEX>
      <DOB>02/03/2013</DOB>
      <ETHNIC>WBRI</ETHNIC>
      <UASC />
      <AREVIEW>
        <REVIEW>28/01/2016</REVIEW>
        <REVIEW_CODE>PN3</REVIEW_CODE>
      </AREVIEW>
      <AREVIEW><REVIEW>14/04/2016</REVIEW><REVIEW_CODE>PN1</REVIEW_CODE></AREVIEW>
      <AMISSING><MISSING>M</MISSING><MIS_START>01/05/2016</MIS_START><MIS_END>03/05/2016</MIS_END></AMISSING>
      <MOTHER />
      <MC_DOB />
      <OC2><SDQ_SCORE>18</SDQ_SCORE><CONVICTED>0</CONVICTED></OC2>
      <DATE_INT>01/06/2016</DATE_INT>
      <DATE_MATCH>15/06/2016</DATE_MATCH>
      <FOSTER_CARE>1</FOSTER_CARE><NB_ADOPTR>2</NB_ADOPTR><SEX_ADOPTR>MF</SEX_ADOPTR><LS_ADOPTR>L0</LS_ADOPTR>
      <PERMANENCE><PREV_PERM>Z1</PREV_PERM><LA_PERM /><DATE_PERM /></PERMANENCE>
      <AD_PLACED><DATE_PLACED>20/05/2016</DATE_PLACED><DATE_PLACED_CEASED /><REASON_PLACED_CEASED /></AD_PLACED>
      <SPARE>not in the layout</SPARE>
    </HEADER>
    <EPISODE>
      <DECOM>11/11/2015</DECOM><RNE>S</RNE><LS>C2</LS><CIN>N1</CIN><PL>U1</PL><PL_POST /><HOME_POST /><URN />
      <PLACE_PROVIDER>PR1</PLACE_PROVIDER><DEC>26/04/2016</DEC><REC>X1</REC><REASON_PLACE_CHANGE>CARPL</REASON_PLACE_CHANGE>
    </EPISODE>
    <EPISODE>
      <DECOM>26/04/2016</DECOM><RNE>P</RNE><LS>E1</LS><CIN>N1</CIN><PL>A3</PL><PLACE_PROVIDER>PR1</PLACE_PROVIDER><DEC /><REC /><NOTE><B>x</B></NOTE>
    </EPISODE>
  </CHILD>
  <CHILD>
    <HEADER>
      <CHILDID>100002</CHILDID><SEX>2</SEX><DOB>2001-12-19</DOB><ETHNIC>APKN</ETHNIC>
      <UASC>1</UASC><DUC>2019-12-15</DUC>
      <OC3><IN_TOUCH>YES</IN_TOUCH><ACTIV>F2</ACTIV><ACCOM>S</ACCOM></OC3>
    </HEADER>
    <EPISODE><DECOM>2017-01-20</DECOM><RNE>S</RNE><LS>V2</LS><CIN>N7</CIN><PL>U2</PL><DEC /><REC /></EPISODE>
  </CHILD>
  <CHILD>
    <HEADER><UPN>B1</UPN><DOB>01/01/2010</DOB></HEADER>
    <EPISODE><DECOM>01/01/2017</DECOM><RNE>S</RNE><LS>C2</LS><PL>U1</PL></EPISODE>
  </CHILD>
  <FOOTER><COUNT>3</COUNT></FOOTER>
</EXPSSDA903>
`;

async function readAll(xml: string | Buffer, file = 'return.xml', chunkSize = 4096): Promise<Ssda903XmlRow[]> {
  const chunks: (string | Buffer)[] = [];
  for (let i = 0; i < xml.length; i += chunkSize) chunks.push(xml.slice(i, i + chunkSize));
  const rows: Ssda903XmlRow[] = [];
  for await (const row of readSsda903Xml(Readable.from(chunks), file)) rows.push(row);
  return rows;
}

async function fileError(xml: string | Buffer): Promise<ImportFileError> {
  const error = await readAll(xml, 'bad.xml').then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportFileError);
  expect((error as ImportFileError).file).toBe('bad.xml');
  return error as ImportFileError;
}

/** The (first) line of `xml` holding `text`, 1-based. */
const lineOf = (xml: string, text: string, after = 0) => xml.split('\n').findIndex((l, i) => i >= after && l.includes(text)) + 1;

describe('readSsda903Xml', () => {
  it('yields each row with its table, the line its element starts on and the CSV columns', async () => {
    const rows = await readAll(SAMPLE);
    const at = (text: string, after = 0) => lineOf(SAMPLE, text, after);
    const child2 = at('<CHILDID>100002');
    expect(rows.map((r) => [r.table, r.line])).toEqual([
      ['header', at('<HEADER>')],
      ['reviews', at('<AREVIEW>')],
      ['reviews', at('<AREVIEW><REVIEW>14')],
      ['missing', at('<AMISSING>')],
      ['oc2', at('<OC2>')],
      ['ad1', at('<DATE_INT>')],
      ['previous_permanence', at('<PERMANENCE>')],
      ['placed_for_adoption', at('<AD_PLACED>')],
      ['episodes', at('<EPISODE>')],
      ['episodes', at('<EPISODE>', at('<EPISODE>'))],
      ['header', child2 - 1],
      ['uasc', at('<UASC>1')],
      ['oc3', at('<OC3>')],
      ['episodes', at('<EPISODE><DECOM>2017-01-20')],
      ['header', at('<HEADER><UPN>B1')],
      ['episodes', at('<EPISODE><DECOM>01/01/2017')],
    ]);
    const [header, review, , missing, , ad1, , placed, episode, open] = rows;
    expect(header.record).toEqual({ CHILD: '100001', SEX: '1', DOB: '02/03/2013', ETHNIC: 'WBRI', UPN: 'A123456789012', MOTHER: '', MC_DOB: '', UASC: '' });
    expect(review.record).toEqual({ CHILD: '100001', DOB: '02/03/2013', REVIEW: '28/01/2016', REVIEW_CODE: 'PN3' });
    expect(missing.record).toEqual({ CHILD: '100001', DOB: '02/03/2013', MISSING: 'M', MIS_START: '01/05/2016', MIS_END: '03/05/2016' });
    expect(ad1.record).toEqual({
      CHILD: '100001',
      DOB: '02/03/2013',
      DATE_INT: '01/06/2016',
      DATE_MATCH: '15/06/2016',
      FOSTER_CARE: '1',
      NB_ADOPTR: '2',
      SEX_ADOPTR: 'MF',
      LS_ADOPTR: 'L0',
    });
    expect(placed.record).toEqual({ CHILD: '100001', DOB: '02/03/2013', DATE_PLACED: '20/05/2016', DATE_PLACED_CEASED: '', REASON_PLACED_CEASED: '' });
    expect(episode.record).toEqual({
      CHILD: '100001',
      DECOM: '11/11/2015',
      RNE: 'S',
      LS: 'C2',
      CIN: 'N1',
      PLACE: 'U1',
      PLACE_PROVIDER: 'PR1',
      DEC: '26/04/2016',
      REC: 'X1',
      REASON_PLACE_CHANGE: 'CARPL',
      HOME_POST: '',
      PL_POST: '',
      URN: '',
    });
    expect(open.record).toMatchObject({ CHILD: '100001', DECOM: '26/04/2016', PLACE: 'A3', DEC: '', REC: '', URN: '' });
    // ISO dates become the CSV's dd/mm/yyyy; UASC 1 with its DUC makes the uasc row.
    expect(rows[10].record).toMatchObject({ CHILD: '100002', DOB: '19/12/2001', UASC: '1' });
    expect(rows[11].record).toEqual({ CHILD: '100002', SEX: '2', DOB: '19/12/2001', DUC: '15/12/2019' });
    expect(rows[12].record).toEqual({ CHILD: '100002', DOB: '19/12/2001', IN_TOUCH: 'YES', ACTIV: 'F2', ACCOM: 'S' });
    expect(rows[13].record).toMatchObject({ CHILD: '100002', DECOM: '20/01/2017', PLACE: 'U2' });
    // No CHILDID: the rows still come, with CHILD empty, for the caller to reject.
    expect(rows.slice(14).map((r) => r.record.CHILD)).toEqual(['', '']);
  });

  it('skips elements outside the layout, with all they hold, and counts them', async () => {
    const reader = new Ssda903XmlReader('return.xml');
    const rows: Ssda903XmlRow[] = [];
    for await (const row of reader.read(Readable.from([SAMPLE]))) rows.push(row);
    expect(reader.unknownElements).toBe(3); // <SPARE>, <NOTE> (its <B> not again) and <FOOTER>
    expect(reader.children).toBe(3);
    expect(rows.some((r) => Object.values(r.record).some((v) => /layout|^x$|^3$/.test(v)))).toBe(false);
  });

  it('reads the same whatever the chunk boundaries, multi-byte characters included', async () => {
    const xml = Buffer.from(SAMPLE);
    const whole = await readAll(xml, 'return.xml', xml.length);
    expect(whole).toHaveLength(16);
    for (const size of [1, 2, 3, 5, 7, 64, 1000]) expect(await readAll(xml, 'return.xml', size)).toEqual(whole);
  });

  it('yields a child’s rows before the rest of the file has arrived (streaming)', async () => {
    let release: () => void = () => undefined;
    const more = new Promise<void>((resolve) => (release = resolve));
    const cut = SAMPLE.indexOf('  <CHILD>\n    <HEADER>\n      <CHILDID>100002');
    async function* input() {
      yield SAMPLE.slice(0, cut);
      await more; // the rest is only sent once the first child's rows have been seen
      yield SAMPLE.slice(cut);
    }
    const seen: string[] = [];
    for await (const row of readSsda903Xml(input(), 'return.xml')) {
      seen.push(row.record.CHILD);
      release();
    }
    expect(seen.slice(0, 10).every((c) => c === '100001')).toBe(true);
    expect(seen).toHaveLength(16);
  });

  it('reads namespaced names, a byte-order mark and UTF-16', async () => {
    const expected = await readAll(SAMPLE);
    const prefixed = SAMPLE.replace(/<(\/?)([A-Z])/g, '<$1d:$2').replace('<d:EXPSSDA903>', '<d:EXPSSDA903 xmlns:d="urn:example:903">');
    expect(await readAll(prefixed)).toEqual(expected);
    const plain = SAMPLE.replace(' encoding="UTF-8"', '');
    expect(await readAll(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(plain)]))).toEqual(expected);
    expect(await readAll(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(plain, 'utf16le')]), 'f', 5)).toEqual(expected);
  });

  it.each([
    ['malformed XML', SAMPLE.replace('</REVIEW_CODE>', '</REVIEW_COD>'), /not well-formed XML/],
    ['a truncated file', SAMPLE.slice(0, 700), /not well-formed XML/],
    ['a CSV file', 'CHILD,DECOM,RNE\n1,01/01/2020,S\n', /not well-formed XML/],
    ['an empty file', '', /not well-formed XML/],
    ['a CIN census', '<?xml version="1.0"?><Message><Header/><Children><Child/></Children></Message>', /not a 903 return: the root element is <Message>/],
    [
      'an external entity (never resolved)',
      '<!DOCTYPE EXPSSDA903 [<!ENTITY x SYSTEM "file:///etc/passwd">]><EXPSSDA903>&x;</EXPSSDA903>',
      /not well-formed XML/,
    ],
  ])('rejects %s as a file error', async (_, xml, message) => {
    expect((await fileError(xml)).message).toMatch(message);
  });

  it('throws a file error at a fault after the rows before it were yielded', async () => {
    const bad = SAMPLE.replace('</EPISODE>\n  </CHILD>\n  <CHILD>\n    <HEADER><UPN>', '</EPISOD>\n  </CHILD>\n  <CHILD>\n    <HEADER><UPN>');
    const seen: Ssda903XmlRow[] = [];
    await expect(async () => {
      for await (const row of readSsda903Xml(Readable.from(bad.split(/(?<=\n)/)), 'f.xml')) seen.push(row);
    }).rejects.toBeInstanceOf(ImportFileError);
    expect(seen).toHaveLength(10); // the first child's
  });

  it('keeps memory bounded: refuses a huge child, deep nesting and an endless text', async () => {
    const huge = `<EXPSSDA903><CHILD><HEADER>${'<X/>'.repeat(MAX_ELEMENTS_PER_CHILD)}</HEADER></CHILD></EXPSSDA903>`;
    expect((await fileError(huge)).message).toMatch(/more than 10000 elements/);
    const deep = `<EXPSSDA903>${'<X>'.repeat(40)}${'</X>'.repeat(40)}</EXPSSDA903>`;
    expect((await fileError(deep)).message).toMatch(/nested more than/);
    const endless = `<EXPSSDA903><CHILD><HEADER><CHILDID>${'9'.repeat(MAX_RUN_WITHOUT_TAG + 10)}</CHILDID></HEADER></CHILD></EXPSSDA903>`;
    expect((await fileError(endless)).message).toMatch(/characters without a tag/);
  });

  it('lets an error of the input stream itself through unchanged', async () => {
    async function* failing() {
      yield '<EXPSSDA903><CHILD>';
      throw new Error('connection reset');
    }
    await expect(async () => {
      for await (const row of readSsda903Xml(failing(), 'f.xml')) expect(row).toBeDefined();
    }).rejects.toThrow('connection reset');
  });
});

describe('csvDate', () => {
  it('turns an ISO date into dd/mm/yyyy and leaves anything else as written', () => {
    expect(csvDate('2017-04-01')).toBe('01/04/2017');
    expect(csvDate('2017-04-01Z')).toBe('01/04/2017');
    expect(csvDate('2017-04-01+01:00')).toBe('01/04/2017');
    expect(csvDate('01/04/2017')).toBe('01/04/2017');
    expect(csvDate('2017-4-1')).toBe('2017-4-1');
    expect(csvDate('')).toBe('');
  });
});

describe('the public fake return written as XML', () => {
  const dir = sharedData('ssda903-fake');
  const tables: CsvTables = {};
  for (const table of Object.keys(XML_COLUMNS) as Ssda903Table[]) {
    const file = join(dir, `${table}.csv`);
    if (!existsSync(file)) continue; // a table the fake return does not have
    // As stageSsda903Csv parses it.
    tables[table] = parse(readFileSync(file, 'utf8'), {
      bom: true,
      columns: (h: string[]) => h.map((c) => c.trim().toUpperCase()),
      skip_empty_lines: true,
      trim: true,
    });
  }

  it('reads back exactly the CSV records of every table the XML carries, each at its element’s line', async () => {
    const xml = csvTablesToXml(tables);
    const rows = await readAll(Buffer.from(xml), 'fake.xml', 65_536);
    const lines = xml.split('\n');
    for (const table of [
      'header',
      'episodes',
      'reviews',
      'uasc',
      'missing',
      'placed_for_adoption',
      'ad1',
      'oc2',
      'oc3',
      'previous_permanence',
    ] as Ssda903Table[]) {
      const csv = tables[table] ?? [];
      expect(csv.length).toBeGreaterThan(0);
      const columns = Object.keys(csv[0]);
      // The XML's own extras (the header's UASC) are not the CSV's: only its columns are compared.
      const fromXml = rows.filter((r) => r.table === table).map((r) => Object.fromEntries(columns.map((c) => [c, r.record[c]])));
      const key = (r: Record<string, string>) => JSON.stringify(r);
      expect({ table, records: fromXml.map(key).sort() }).toEqual({ table, records: csv.map(key).sort() });
    }
    const element: Partial<Record<Ssda903Table, string>> = {
      header: '<HEADER>',
      episodes: '<EPISODE>',
      reviews: '<AREVIEW>',
      missing: '<AMISSING>',
      placed_for_adoption: '<AD_PLACED>',
      ad1: '<DATE_INT>',
    };
    for (const row of rows) if (element[row.table]) expect(lines[row.line - 1]).toMatch(new RegExp(`^${element[row.table]}`));
  });
});
