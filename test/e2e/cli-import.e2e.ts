import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sharedData, uniqueId } from '@casewatch/testing';
import { startBuiltService, stop, waitReady, type RunningService } from '../support/services';

// `npx casewatch import …` (tools/cli) as a person runs it, against the built ingestion service.
const ROOT = resolve(__dirname, '../..');
const FAKE_903 = sharedData('ssda903-fake');
const FAKE_CIN = sharedData('cin-census-fake', 'fake_CIN_data.xml');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to its end; `viaNpx` goes through npm's resolution of the root package's bin. */
function casewatch(service: RunningService, args: string[], viaNpx = false): Promise<Run> {
  const [cmd, argv] = viaNpx ? ['npx', ['--offline', 'casewatch', ...args]] : [process.execPath, [join(ROOT, 'tools/cli/bin/casewatch.js'), ...args]];
  const child = spawn(cmd, argv, { cwd: ROOT, env: { ...process.env, CASEWATCH_URL: service.url, CASEWATCH_TOKEN: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const run: Run = { code: null, stdout: '', stderr: '' };
  child.stdout.on('data', (d) => (run.stdout += d));
  child.stderr.on('data', (d) => (run.stderr += d));
  return new Promise((ok, fail) => {
    child.on('error', fail);
    child.on('exit', (code) => ok({ ...run, code }));
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** The first `rows` episodes of the fake return, with `edit` applied to the lines (header first). */
const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function episodesFile(rows: number, edit: (lines: string[]) => string[] = (l) => l): string {
  const dir = mkdtempSync(join(tmpdir(), 'casewatch-cli-e2e-'));
  made.push(dir);
  const lines = readFileSync(join(FAKE_903, 'episodes.csv'), 'utf8')
    .split(/\r?\n/)
    .slice(0, rows + 1);
  writeFileSync(join(dir, '2017-episodes.csv'), `${edit(lines).join('\n')}\n`);
  return dir;
}

describe('npx casewatch import, against the built ingestion service', () => {
  let ingestion: RunningService;

  async function tenant(): Promise<string> {
    const t = uniqueId('cli');
    const res = await fetch(`${ingestion.url}/v1/tenants/${t}`, {
      method: 'PUT',
      headers: { authorization: 'Bearer dev-admin', 'content-type': 'application/json' },
      body: JSON.stringify({ name: `CLI ${t}`, nation: 'england', population0to17: 50000 }),
    });
    expect(res.status).toBe(201);
    return t;
  }

  beforeAll(async () => {
    // A short wait, so the whole fake return answers 202 and the CLI follows its progress.
    ingestion = startBuiltService('ingestion', await freePort(), { IMPORT_WAIT_MS: '1000' });
    await waitReady(ingestion);
  }, 90_000);

  afterAll(async () => {
    if (ingestion) await stop(ingestion);
  });

  it('imports the fake 903 return from its folder, prints the report and exits 0; again, all duplicates', async () => {
    const t = await tenant();
    const run = await casewatch(ingestion, ['import', 'ssda903', '--tenant', t, '--year', '2017', FAKE_903], true);
    expect(run.stderr).toContain(`importing 10 files`);
    expect(run.stderr).toContain('uploaded 100%');
    expect(run.stderr).toMatch(/^done: [\d,]+ rows read, [\d,]+ events published$/m);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Imported ssda903 for tenant ${t}, collection year 2017–18`);
    expect(run.stdout).toMatch(/children\s+2,123\n/);
    expect(run.stdout).toMatch(/rejected rows\s+0\n/);
    expect(run.stdout).toContain('episodes 5,050');
    expect(run.stdout).toMatch(/table-not-converted × [\d,]+ in oc2, oc3, previous_permanence\n {6}the table is read and counted/);

    const again = await casewatch(ingestion, ['import', 'ssda903', '--tenant', t, '--year', '2017', '--json', FAKE_903]);
    expect(again.code).toBe(0);
    const report = JSON.parse(again.stdout) as { events: number; duplicates: number; children: number; tenant: string };
    expect(report).toMatchObject({ tenant: t, children: 2123, duplicates: report.events });
    expect(report.events).toBeGreaterThan(5050);
  }, 240_000);

  it('imports the fake CIN census file', async () => {
    const t = await tenant();
    const run = await casewatch(ingestion, ['import', 'cin-census', '--tenant', t, FAKE_CIN]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Imported cin-census for tenant ${t}`);
    expect(run.stdout).toMatch(/children\s+332\n/);
  }, 120_000);

  it('exits 1 and lists the row when a row is rejected; its child is skipped, the rest imported', async () => {
    const t = await tenant();
    // Line 6 of the file: RNE Q is no reason for a new episode.
    const dir = episodesFile(40, (lines) => lines.map((l, i) => (i === 5 ? l.replace(/^([^,]*,[^,]*),[^,]*,/, '$1,Q,') : l)));
    const run = await casewatch(ingestion, ['import', 'ssda903', '--tenant', t, dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/1 skipped whole: a row of theirs was rejected/);
    expect(run.stdout).toMatch(/rejected rows\s+1\n/);
    expect(run.stdout).toMatch(/\n {2}2017-episodes\.csv +6 {2}RNE {4}RNE "Q" is not a reason for new episode/);
  }, 120_000);

  it("exits 3 with the problem's detail when the service cannot read a file", async () => {
    const t = await tenant();
    const dir = episodesFile(10, (lines) => lines.map((l) => l.split(',').slice(0, 3).join(',')));
    const run = await casewatch(ingestion, ['import', 'ssda903', '--tenant', t, dir]);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      'casewatch: the import failed: 400 Bad Request: 2017-episodes.csv: the episodes table needs the columns LS, PLACE, DEC, REC; nothing was imported',
    );
  }, 120_000);

  it('exits 3 for a tenant the service does not know, and 2 for a wrong argument', async () => {
    const run = await casewatch(ingestion, ['import', 'ssda903', '--tenant', uniqueId('none'), FAKE_903]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/404 Not Found: tenant none-[0-9a-f]+ not found/);
    const wrong = await casewatch(ingestion, ['import', 'ssda903', '--tenant', 't1', join(FAKE_903, 'nope.csv')]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('nope.csv: no such file or folder');
  }, 120_000);
});
