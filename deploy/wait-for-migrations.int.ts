import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { TEST_ENV } from '@casewatch/testing';
import { baseObjects, label, ROOT } from './manifests';

const run = promisify(execFile);

interface Pod {
  spec: { template: { spec: { initContainers: { command: string[] }[] } } };
}

/**
 * The init container's script, run as the Deployment runs it (its command, this build as the image's
 * /app) against a database of its own: it waits while the migrations are not all recorded and
 * passes once they are.
 */
describe('deploy/base: the wait for the migration Job', () => {
  const database = `casewatch_deploy_wait_${process.pid}`;
  const env = { ...process.env, ...TEST_ENV, INGESTION_DB: database, CASEWATCH_APP_DIR: ROOT };
  const admin = () => new Client({ host: TEST_ENV.PGHOST, port: Number(TEST_ENV.PGPORT), user: TEST_ENV.PGUSER, database: 'postgres' });
  const dir = mkdtempSync(join(tmpdir(), 'casewatch-wait-'));
  let command: string[];

  beforeAll(() => {
    const objects = baseObjects();
    const script = (objects.find((o) => label(o) === 'ConfigMap/casewatch-wait-for-migrations') as unknown as { data: Record<string, string> }).data;
    writeFileSync(join(dir, 'wait-for-migrations.js'), script['wait-for-migrations.js']);
    const deployment = objects.find((o) => label(o) === 'Deployment/casewatch-ingestion') as unknown as Pod;
    command = deployment.spec.template.spec.initContainers[0].command;
  });

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    const client = admin();
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await client.end();
  });

  /** The container's command with the script where this test put it and a short timeout. */
  async function wait(): Promise<{ code: number; output: string }> {
    const [node, script, service] = command;
    expect([node, script, service]).toEqual(['node', '/opt/casewatch/wait-for-migrations.js', 'ingestion']);
    try {
      const { stdout, stderr } = await run(process.execPath, [join(dir, 'wait-for-migrations.js'), service, '1'], { cwd: ROOT, env });
      return { code: 0, output: stdout + stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, output: e.stdout + e.stderr };
    }
  }

  it('waits for a database that is not there, passes once migrated, and waits again for a migration missing', async () => {
    const before = await wait();
    expect(before).toEqual({ code: 1, output: expect.stringContaining(`${database}: gave up after 1 s: database "${database}" does not exist`) });

    await run(process.execPath, ['dist/services/ingestion/src/database/migrate.js'], { cwd: ROOT, env });
    const after = await wait();
    expect(after).toEqual({ code: 0, output: expect.stringMatching(new RegExp(`${database}: all \\d+ migrations applied`)) });

    const client = new Client({ host: TEST_ENV.PGHOST, port: Number(TEST_ENV.PGPORT), user: TEST_ENV.PGUSER, database });
    await client.connect();
    const { rows } = await client.query<{ name: string }>('DELETE FROM migrations WHERE id = (SELECT max(id) FROM migrations) RETURNING name');
    await client.end();
    const behind = await wait();
    expect(behind).toEqual({ code: 1, output: expect.stringContaining(`migrations not applied, the first ${rows[0].name}`) });
  });
});
