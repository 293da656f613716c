import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileValidator, ImportReport } from '@casewatch/contracts';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTenant, startIngestion } from '../testing/ingestion-harness';
import { fakeFile, importReport, SHARED_DATA } from '../testing/import-upload';

const TABLES = ['header', 'episodes', 'reviews', 'uasc', 'missing', 'oc2', 'oc3', 'ad1', 'placed_for_adoption', 'previous_permanence'];
const files = () => TABLES.map((t) => fakeFile('ssda903-fake', `${t}.csv`));

function csvChildren(table: string): number {
  const lines = readFileSync(join(SHARED_DATA, 'ssda903-fake', `${table}.csv`), 'utf8').trim().split(/\r?\n/).slice(1);
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

  it('a dry run reports what would be new and publishes nothing', async () => {
    const tenant = await createTenant(app);
    const dry = await importReport(app, 'ssda903', `tenant=${tenant}&dryRun=true`, files());
    expect(dry).toMatchObject({ dryRun: true, duplicates: 0 });
    const real = await importReport(app, 'ssda903', `tenant=${tenant}`, files());
    expect(real).toMatchObject({ events: dry.events, duplicates: 0 });
  });
});
