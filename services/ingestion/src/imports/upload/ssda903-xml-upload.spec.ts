import { Readable } from 'node:stream';
import type { StagedRecord } from '../import.store';
import { ImportFileError, type RowProblem } from '../import-types';
import type { StagingBuffer } from './staging-buffer';
import { stageSsda903Xml } from './ssda903-xml-upload';

// Only the public surface stageSsda903Xml uses: add, count and the tables map.
function fakeStaging() {
  const staged: StagedRecord[] = [];
  const tables: Record<string, number> = {};
  const staging = {
    tables,
    async add(record: StagedRecord) {
      staged.push(record);
      tables[record.table] = (tables[record.table] ?? 0) + 1;
    },
    count(table: string) {
      tables[table] = (tables[table] ?? 0) + 1;
    },
  };
  return { staged, tables, staging: staging as unknown as StagingBuffer };
}

const XML = `<?xml version="1.0"?>
<EXPSSDA903>
<CHILD>
<HEADER><CHILDID>C1</CHILDID><SEX>1</SEX><DOB>02/03/2013</DOB>
<AREVIEW><REVIEW>28/01/2016</REVIEW><REVIEW_CODE>PN3</REVIEW_CODE></AREVIEW>
<OC2><SDQ_SCORE>18</SDQ_SCORE></OC2>
</HEADER>
<EPISODE><DECOM>11/11/2015</DECOM><RNE>S</RNE><LS>C2</LS><PL>U1</PL></EPISODE>
</CHILD>
<CHILD>
<HEADER><DOB>01/01/2010</DOB></HEADER>
<EPISODE><DECOM>01/01/2017</DECOM><RNE>S</RNE><LS>C2</LS><PL>U1</PL></EPISODE>
</CHILD>
<EXTRA/>
</EXPSSDA903>
`;

describe('stageSsda903Xml', () => {
  it('stages the converted rows by child, counts the others and rejects rows without CHILD by line', async () => {
    const { staged, tables, staging } = fakeStaging();
    const rejected: RowProblem[] = [];
    const result = await stageSsda903Xml(Readable.from([XML]), 'return.xml', staging, rejected);

    expect([...result.tables].sort()).toEqual(['episodes', 'header', 'oc2', 'reviews']);
    expect(result.unknownElements).toBe(1);
    expect(staged.map((r) => [r.subject, r.table, r.file, r.row])).toEqual([
      ['C1', 'header', 'return.xml', 4],
      ['C1', 'reviews', 'return.xml', 5],
      ['C1', 'episodes', 'return.xml', 8],
    ]);
    // Only the columns the converter reads are staged: no SEX, no REVIEW_CODE, no identifiers.
    expect(staged[2].rec).toEqual({ DECOM: '11/11/2015', RNE: 'S', LS: 'C2', PLACE: 'U1' });
    expect(staged[0].rec).toEqual({ DOB: '02/03/2013' });
    expect(tables).toEqual({ header: 2, reviews: 1, oc2: 1, episodes: 2 });
    expect(rejected).toEqual([
      { file: 'return.xml', row: 11, field: 'CHILD', message: expect.stringMatching(/^CHILD is required/) },
      { file: 'return.xml', row: 12, field: 'CHILD', message: expect.stringMatching(/^CHILD is required/) },
    ]);
  });

  it('fails the file, not a row, for XML that is not a 903 return', async () => {
    const { staging } = fakeStaging();
    await expect(stageSsda903Xml(Readable.from(['<Message><Children/></Message>']), 'cin.xml', staging, [])).rejects.toBeInstanceOf(ImportFileError);
  });
});
