import { mkdtempSync, openAsBlob, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@casewatch/testing';
import { generate903 } from '../tools/generate-903';
import { createTenantAt, kill9, runBuiltCommand, startBuiltService, stop, waitReady, type RunningService } from '../support/services';

const headers = { authorization: 'Bearer dev-admin' };
const METRICS_DB = 'casewatch_metrics_importkill_test';
const METRICS = ['lac.children', 'lac.started', 'lac.ceased', 'lac.ceased-permanence', 'lac.placements-3plus', 'lac.uasc', 'missing.episodes'];

describe('an import killed midway and repeated gives the figures of an uninterrupted one', () => {
  let ingestion: RunningService;
  let metrics: RunningService;
  let dir: string;
  const ingestionEnv = { IMPORT_WAIT_MS: '0' };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cw-903-'));
    await generate903({ episodes: 20_000, out: dir, seed: 11, year: 2024 });
    ingestion = startBuiltService('ingestion', 13121, ingestionEnv);
    // A metrics database of its own: a fresh service does not first re-project every earlier test's tenants.
    await runBuiltCommand('services/metrics/src/database/migrate.js', { METRICS_DB });
    metrics = startBuiltService('metrics', 13122, { METRICS_DB });
    await Promise.all([waitReady(ingestion), waitReady(metrics)]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([stop(ingestion), stop(metrics)]);
    rmSync(dir, { recursive: true, force: true });
  });

  const tenant = () => createTenantAt(ingestion, 'kill', 40_000);

  async function start(t: string): Promise<string> {
    const form = new FormData();
    for (const f of readdirSync(dir)) form.append(f.replace(/\.csv$/, ''), await openAsBlob(join(dir, f)), f);
    const res = await fetch(`${ingestion.url}/v1/imports/ssda903?tenant=${t}`, { method: 'POST', headers, body: form });
    expect(res.status).toBe(202);
    return res.headers.get('location') as string;
  }

  const state = async (location: string) => {
    if (ingestion.process.exitCode !== null) throw new Error(`ingestion exited:\n${ingestion.output().slice(-3000)}`);
    return (await fetch(`${ingestion.url}${location}`, { headers })).json();
  };
  const done = (location: string) =>
    waitFor(async () => ((await state(location)).state === 'done' ? state(location) : undefined), { timeoutMs: 240_000, intervalMs: 250, what: 'import done' });

  async function figures(t: string): Promise<string> {
    const out: string[] = [];
    for (const m of METRICS) {
      for (const period of ['fy2024', '2025-03', 'fy2023']) {
        const res = await fetch(`${metrics.url}/v1/tenants/${t}/metrics/${m}?period=${period}`, { headers });
        const v = (await res.json()) as { value: number | null; numerator: number | null; denominator: number | null };
        out.push(`${m} ${period} ${v.value} ${v.numerator}/${v.denominator}`);
      }
    }
    return out.join('\n');
  }

  it('kill -9 while publishing, start again, repeat the import: same events, same figures', async () => {
    const killed = await tenant();
    const first = await start(killed);
    await waitFor(async () => ((await state(first)).eventsPublished > 0 ? true : undefined), { timeoutMs: 120_000, intervalMs: 50, what: 'publishing begun' });
    await kill9(ingestion);
    ingestion = startBuiltService('ingestion', 13121, ingestionEnv);
    await waitReady(ingestion);
    expect(await state(first)).toMatchObject({ state: 'failed' });
    const repeated = (await done(await start(killed))).report;
    expect(repeated.duplicates).toBeGreaterThan(0);
    expect(repeated.rejected).toEqual([]);

    const whole = await tenant();
    const uninterrupted = (await done(await start(whole))).report;
    expect(repeated.events).toBe(uninterrupted.events);

    // Once the uninterrupted tenant's figures stop moving, the killed one's must equal them.
    let previous = '';
    const settled = await waitFor(
      async () => {
        const now = await figures(whole);
        const same = now === previous;
        previous = now;
        return same ? now : undefined;
      },
      { timeoutMs: 180_000, intervalMs: 2000, what: 'figures settled' },
    );
    await waitFor(async () => ((await figures(killed)) === settled ? true : undefined), { timeoutMs: 60_000, intervalMs: 1000, what: 'the same figures' });
  }, 600_000);
});
