import { Readable } from 'node:stream';
import { ImportFileError } from '../import-types';
import { census, childXml, readAll } from './cin-census.testing';
import { CinCensusReader, MAX_ELEMENTS_PER_CHILD, collectionYearOf, readCinCensus, type CinChild } from './cin-reader';

const EPISODE = '<CINreferralDate>2022-10-06</CINreferralDate><ReferralSource>1A</ReferralSource>';

async function fileError(xml: string | Buffer): Promise<ImportFileError> {
  try {
    await readAll(xml, 'bad.xml');
  } catch (error) {
    expect(error).toBeInstanceOf(ImportFileError);
    expect((error as ImportFileError).file).toBe('bad.xml');
    return error as ImportFileError;
  }
  throw new Error('expected an ImportFileError');
}

const ids = (children: CinChild[]) => children.map((child) => child.element.children[0].children.find((e) => e.name === 'LAchildID')?.text);

describe('readCinCensus', () => {
  it('yields each <Child> with the line it starts on and the header collection details', async () => {
    const xml = census([childXml('A1', [EPISODE]), childXml('B2', [EPISODE, EPISODE])]);
    const children = await readAll(xml);
    const lines = xml.split('\n');
    expect(children.map((child) => lines[child.line - 1])).toEqual(['<Child>', '<Child>']);
    expect(ids(children)).toEqual(['A1', 'B2']);
    expect(children[1].element.children.filter((e) => e.name === 'CINdetails')).toHaveLength(2);
    expect(children[0].collection).toEqual({ collection: 'CIN', year: '2023', referenceDate: '2024-03-31' });
    expect(collectionYearOf(children[0].collection)).toBe(2023);
  });

  it('gives the header to the reader as soon as it is read', async () => {
    const reader = new CinCensusReader('f.xml');
    expect(reader.collection).toBeUndefined();
    for await (const child of reader.read(Readable.from([census([childXml('A1', [EPISODE])])]))) expect(child).toBeDefined();
    expect(reader.collection?.referenceDate).toBe('2024-03-31');
    expect(reader.children).toBe(1);
  });

  it('yields a child before the rest of the file has arrived (streaming)', async () => {
    let release: () => void = () => undefined;
    const more = new Promise<void>((resolve) => (release = resolve));
    const [head, tail] = census([childXml('A1', [EPISODE]), childXml('B2', [EPISODE])]).split(/(?=<Child>\n<ChildIdentifiers><LAchildID>B2)/);
    async function* input() {
      yield head;
      await more; // the second child is only sent once the first has been seen
      yield tail;
    }
    const seen: string[] = [];
    for await (const child of readCinCensus(input(), 'f.xml')) {
      seen.push(ids([child])[0] ?? '');
      release();
    }
    expect(seen).toEqual(['A1', 'B2']);
  });

  it('reads the same whatever the chunk boundaries, multi-byte characters included', async () => {
    const xml = Buffer.from(census([childXml('A1', [`${EPISODE}<!-- £ é ✓ -->`]), childXml('B2', [EPISODE])]));
    const whole = await readAll(xml, 'f.xml', xml.length);
    for (const size of [1, 2, 3, 7, 64]) expect(await readAll(xml, 'f.xml', size)).toEqual(whole);
  });

  it('reads namespaced element names, prefixed or by default namespace', async () => {
    const prefixed = census([childXml('A1', [EPISODE])])
      .replace(/<(\/?)([A-Za-z])/g, '<$1cin:$2')
      .replace('<cin:Message>', '<cin:Message xmlns:cin="http://www.example.org/cin">');
    const defaulted = census([childXml('A1', [EPISODE])]).replace('<Message>', '<Message xmlns="http://www.example.org/cin">');
    for (const xml of [prefixed, defaulted]) {
      const children = await readAll(xml);
      expect(ids(children)).toEqual(['A1']);
      expect(children[0].collection?.year).toBe('2023');
    }
  });

  it('reads UTF-8 with a byte-order mark, and UTF-16', async () => {
    const xml = census([childXml('A1', [EPISODE])]).replace(' encoding="UTF-8"', '');
    expect(ids(await readAll(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml)])))).toEqual(['A1']);
    expect(ids(await readAll(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]), 'f', 5))).toEqual(['A1']);
    expect(ids(await readAll(`\ufeff${xml}`))).toEqual(['A1']);
  });

  it('reads CDATA and entities, marks stray text beside elements and does not keep it', async () => {
    const xml = census([childXml('A1', ['<CINreferralDate><![CDATA[2022-10-06]]></CINreferralDate>\nstray words\n<ReferralSource>&#x31;A</ReferralSource>'])]);
    const [child] = await readAll(xml);
    const details = child.element.children.find((e) => e.name === 'CINdetails');
    expect(details?.strayText).toBe(true);
    expect(details?.text).toBe('');
    expect(details?.children.map((e) => e.text)).toEqual(['2022-10-06', '1A']);
  });

  it.each([
    ['malformed XML', census([childXml('A1', [EPISODE])]).replace('</ReferralSource>', '</ReferralSourc>'), /not well-formed XML/],
    ['a truncated file', census([childXml('A1', [EPISODE])]).slice(0, 300), /not well-formed XML/],
    ['a CSV file', 'CHILD,DECOM,RNE\n1,2020-01-01,S\n', /not well-formed XML/],
    ['a JSON file', '{"children": []}', /not well-formed XML/],
    ['an empty file', '', /not well-formed XML/],
    ['another XML root', '<?xml version="1.0"?><Episodes><Episode/></Episodes>', /root element is <Episodes>, not <Message>/],
    ['a message without children', '<Message><Header/></Message>', /has no <Children>/],
    [
      'an external entity (never resolved)',
      '<!DOCTYPE Message [<!ENTITY x SYSTEM "file:///etc/passwd">]><Message><Children>&x;</Children></Message>',
      /not well-formed XML/,
    ],
  ])('rejects %s as a file error', async (_, xml, message) => {
    expect((await fileError(xml)).message).toMatch(message);
  });

  it('throws a file error at a fault after the children before it were yielded', async () => {
    const xml = census([childXml('A1', [EPISODE]), childXml('B2', [EPISODE]).replace('</Child>', '</Chil>')]);
    const seen: CinChild[] = [];
    await expect(async () => {
      for await (const child of readCinCensus(Readable.from(xml.split(/(?<=\n)/)), 'f.xml')) seen.push(child);
    }).rejects.toBeInstanceOf(ImportFileError);
    expect(ids(seen)).toEqual(['A1']);
  });

  it('refuses a <Child> too large to be a census child, keeping memory bounded', async () => {
    const huge = childXml('A1', ['<X/>'.repeat(MAX_ELEMENTS_PER_CHILD)]);
    expect((await fileError(census([huge]))).message).toMatch(/more than 10000 elements/);
  });

  it('lets an error of the input stream itself through unchanged', async () => {
    async function* failing() {
      yield '<Message><Children>';
      throw new Error('connection reset');
    }
    await expect(async () => {
      for await (const child of readCinCensus(failing(), 'f.xml')) expect(child).toBeDefined();
    }).rejects.toThrow('connection reset');
  });
});

describe('collectionYearOf', () => {
  it('takes the financial year holding the reference date, else the year written', () => {
    expect(collectionYearOf({ referenceDate: '2024-03-31', year: '2024' })).toBe(2023);
    expect(collectionYearOf({ referenceDate: '2022-07-21' })).toBe(2022);
    expect(collectionYearOf({ year: '2021' })).toBe(2021);
    expect(collectionYearOf({ year: 'twenty' })).toBeUndefined();
    expect(collectionYearOf(undefined)).toBeUndefined();
  });
});
