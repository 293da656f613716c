import { readFileSync } from 'node:fs';
import { compileValidator, ImportReport } from '@casewatch/contracts';
import { sharedData } from '@casewatch/testing';
import { parse } from 'csv-parse/sync';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTenant, startIngestion } from '../testing/ingestion-harness';
import { fakeFile, importReport, postImport, reportOf } from '../testing/import-upload';
import { csvTablesToXml, type CsvTables } from './ssda903/testing/csv-to-xml';

const TABLES = ['header', 'episodes', 'reviews', 'uasc', 'missing', 'oc2', 'oc3', 'ad1', 'placed_for_adoption', 'previous_permanence'];
const files = () => TABLES.map((t) => fakeFile('ssda903-fake', `${t}.csv`));

function csvChildren(table: string): number {
  const lines = readFileSync(sharedData('ssda903-fake', `${table}.csv`), 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1);
  return new Set(lines.map((l) => l.split(',')[0])).size;
}

describe('POST /v1/imports/ssda903 with the public fake return', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await startIngestion();
  });
  afterAll(async () => {
    await app.close();
  });

  it('imports every table, and the same return again adds nothing', async () => {
    const tenant = await createTenant(app);
    const report = await importReport(app, 'ssda903', `tenant=${tenant}&collectionYear=2017`, files());
    expect(compileValidator(ImportReport)(report)).toMatchObject({ ok: true });
    expect(report.children).toBe(csvChildren('episodes'));
    expect(report.tables.episodes).toBe(5050);
    expect(report.tables.reviews).toBe(12582);
    expect(report.events).toBeGreaterThan(report.tables.episodes);
    expect(report.duplicates).toBe(0);
    const codes = report.warnings.map((w: { code: string; file: string }) => `${w.file}:${w.code}`);
    expect(codes).toEqual(expect.arrayContaining(['oc2:table-not-converted', 'oc3:table-not-converted', 'previous_permanence:table-not-converted']));
    expect(report.warnings.every((w: { count: number }) => w.count >= 1)).toBe(true);

    const again = await importReport(app, 'ssda903', `tenant=${tenant}&collectionYear=2017`, files());
    expect(again).toMatchObject({ events: report.events, duplicates: report.events, children: report.children });
  });

  it('reads the same return as the DfE XML: the same children and events, none new after the CSV', async () => {
    const tables: CsvTables = Object.fromEntries(
      TABLES.map((t) => [t, parse(readFileSync(sharedData('ssda903-fake', `${t}.csv`)), { columns: true, bom: true, skip_empty_lines: true })]),
    );
    const xml = csvTablesToXml(tables);
    const tenant = await createTenant(app);
    const fromCsv = await importReport(app, 'ssda903', `tenant=${tenant}&collectionYear=2017`, files());
    const fromXml = await importReport(app, 'ssda903', `tenant=${tenant}&collectionYear=2017`, [{ field: 'return', name: '2017-ssda903.xml', content: xml }]);
    expect(compileValidator(ImportReport)(fromXml)).toMatchObject({ ok: true });
    expect(fromXml).toMatchObject({ children: fromCsv.children, events: fromCsv.events, duplicates: fromCsv.events, childrenSkipped: fromCsv.childrenSkipped });
    expect(fromXml.rejected.map((r: { field: string }) => r.field).sort()).toEqual(fromCsv.rejected.map((r: { field: string }) => r.field).sort());
    for (const t of ['header', 'episodes', 'reviews', 'missing', 'placed_for_adoption']) expect(fromXml.tables[t]).toBe(fromCsv.tables[t]);

    // Sent as the body, into a tenant of its own: everything new.
    const other = await createTenant(app);
    const res = await app.inject({
      method: 'POST',
      url: `/v1/imports/ssda903?tenant=${other}&collectionYear=2017`,
      payload: xml,
      headers: { authorization: 'Bearer dev-admin', 'content-type': 'application/xml' },
    });
    expect(await reportOf(app, other, res)).toMatchObject({ events: fromCsv.events, duplicates: 0 });
  });

  it('refuses the XML beside CSV tables, and an XML return without episodes, with 400', async () => {
    const tenant = await createTenant(app);
    const xml = '<?xml version="1.0"?><EXPSSDA903><CHILD><HEADER><CHILDID>X1</CHILDID><SEX>1</SEX><DOB>01/01/2010</DOB></HEADER></CHILD></EXPSSDA903>';
    const both = await app.inject({
      method: 'POST',
      url: `/v1/imports/ssda903?tenant=${tenant}`,
      headers: { authorization: 'Bearer dev-admin', 'content-type': 'application/xml' },
      payload: xml,
    });
    expect(both.statusCode).toBe(400);
    expect(both.json().detail).toContain('EPISODE');
    const mixed = await postImport(app, 'ssda903', `tenant=${tenant}`, [
      fakeFile('ssda903-fake', 'episodes.csv'),
      { field: 'return', name: 'ssda903.xml', content: xml },
    ]);
    expect(mixed.statusCode).toBe(400);
    expect(mixed.json().detail).toContain('alone');
  });

  it('a dry run reports what would be new and publishes nothing', async () => {
    const tenant = await createTenant(app);
    const dry = await importReport(app, 'ssda903', `tenant=${tenant}&dryRun=true`, files());
    expect(dry).toMatchObject({ dryRun: true, duplicates: 0 });
    const real = await importReport(app, 'ssda903', `tenant=${tenant}`, files());
    expect(real).toMatchObject({ events: dry.events, duplicates: 0 });
  });
});
