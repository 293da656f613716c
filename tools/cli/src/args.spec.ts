import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importQuery, readCommand, UsageError, type ImportCommand } from './args';
import { filesToUpload } from './files';

const read = (args: string, env: NodeJS.ProcessEnv = {}) => readCommand(args.split(' ').filter(Boolean), env);
const usage = (args: string, env: NodeJS.ProcessEnv = {}) => {
  try {
    read(args, env);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error(`no usage error for ${args}`);
};

describe('reading the command line', () => {
  it('reads an ssda903 import with its defaults', () => {
    expect(read('import ssda903 --tenant barnet --year 2017 ./return/')).toEqual({
      kind: 'import',
      format: 'ssda903',
      tenant: 'barnet',
      paths: ['./return/'],
      collectionYear: 2017,
      dryRun: false,
      json: false,
      url: 'http://127.0.0.1:3001',
      token: 'dev-admin',
    });
  });

  it('takes options in any order, several files, and the environment for url and token', () => {
    const c = read('import --dry-run cin-census a.xml --json --tenant t1 --source urn:la:372:cin', {
      CASEWATCH_URL: 'https://casewatch.example.gov.uk/',
      CASEWATCH_TOKEN: 'k-123',
    }) as ImportCommand;
    expect(c).toMatchObject({
      format: 'cin-census',
      paths: ['a.xml'],
      dryRun: true,
      json: true,
      source: 'urn:la:372:cin',
      url: 'https://casewatch.example.gov.uk',
      token: 'k-123',
    });
    expect(read('import ssda903 --tenant t1 --url http://h:1 --token x a b', { CASEWATCH_URL: 'http://other', CASEWATCH_TOKEN: 'y' })).toMatchObject({
      url: 'http://h:1',
      token: 'x',
      paths: ['a', 'b'],
    });
  });

  it('asks for a token in production, where dev-admin is off', () => {
    expect(usage('import ssda903 --tenant t1 d', { NODE_ENV: 'production' })).toMatch(/--token or CASEWATCH_TOKEN/);
    expect(read('import ssda903 --tenant t1 d', { NODE_ENV: 'production', CASEWATCH_TOKEN: 'k' })).toMatchObject({ token: 'k' });
  });

  it('answers help for no arguments, help or --help', () => {
    for (const args of ['', 'help', '--help', 'import ssda903 -h']) expect(read(args)).toEqual({ kind: 'help' });
  });

  it('tells each mistake before anything is uploaded', () => {
    expect(usage('export ssda903 --tenant t1 d')).toMatch(/unknown command export/);
    expect(usage('import')).toMatch(/needs a format/);
    expect(usage('import ssda904 --tenant t1 d')).toMatch(/unknown format ssda904; use ssda903 or cin-census/);
    expect(usage('import ssda903 d')).toBe('--tenant is required');
    expect(usage('import ssda903 --tenant Barnet d')).toMatch(/lowercase/);
    expect(usage('import ssda903 --tenant t1 --year 17 d')).toMatch(/--year 17/);
    expect(usage('import ssda903 --tenant t1 --source nope d')).toMatch(/--source nope/);
    expect(usage('import ssda903 --tenant t1')).toMatch(/folder of the 903 CSV tables/);
    expect(usage('import ssda903 --tenant t1 --url ftp://x d')).toMatch(/http or https/);
    expect(usage('import ssda903 --tenant t1 --colour d')).toMatch(/Unknown option '--colour'/);
    expect(usage('import ssda903 --tenant')).toMatch(/--tenant/);
  });

  it('makes the query of POST /v1/imports/{format}', () => {
    const c = read('import ssda903 --tenant t1 --year 2019 --source urn:la:1:903 --dry-run d') as ImportCommand;
    expect(importQuery(c).toString()).toBe('tenant=t1&collectionYear=2019&source=urn%3Ala%3A1%3A903&dryRun=true');
    expect(importQuery(read('import ssda903 --tenant t1 d') as ImportCommand).toString()).toBe('tenant=t1');
  });
});

describe('finding the files to upload', () => {
  const dir = mkdtempSync(join(tmpdir(), 'casewatch-cli-'));
  mkdirSync(join(dir, 'return'));
  for (const name of ['2017-episodes.csv', 'header.csv', 'README.md']) writeFileSync(join(dir, 'return', name), 'CHILD\n1\n');
  writeFileSync(join(dir, 'census.xml'), '<Message/>');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("sends a folder's CSV files, each under its base name, which names its table", async () => {
    const files = await filesToUpload('ssda903', [join(dir, 'return')]);
    expect(files.map((f) => [f.field, f.name, f.size])).toEqual([
      ['2017-episodes', '2017-episodes.csv', 8],
      ['header', 'header.csv', 8],
    ]);
  });

  it('sends a 903 XML file under its own name, by which the service knows it is the XML', async () => {
    writeFileSync(join(dir, '2017-ssda903.xml'), '<EXPSSDA903/>');
    expect(await filesToUpload('ssda903', [join(dir, '2017-ssda903.xml')])).toMatchObject([{ field: '2017-ssda903', name: '2017-ssda903.xml' }]);
  });

  it('sends a CIN census as the field file, and refuses more than one', async () => {
    expect(await filesToUpload('cin-census', [join(dir, 'census.xml')])).toMatchObject([{ field: 'file', name: 'census.xml' }]);
    await expect(filesToUpload('cin-census', [join(dir, 'census.xml'), join(dir, 'census.xml')])).rejects.toThrow(/one XML file; found 2/);
  });

  it('names a path that does not exist and a folder without files of the format', async () => {
    await expect(filesToUpload('ssda903', [join(dir, 'nope')])).rejects.toThrow(new UsageError(`${join(dir, 'nope')}: no such file or folder`));
    await expect(filesToUpload('cin-census', [join(dir, 'return')])).rejects.toThrow(/no \.xml file in this folder/);
  });
});
