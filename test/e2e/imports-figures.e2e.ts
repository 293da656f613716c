import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { sharedData, waitFor } from '@casewatch/testing';
import { createTenantAt, runBuiltCommand, startBuiltService, stop, waitReady, type RunningService } from '../support/services';

const FAKE_903 = sharedData('ssda903-fake');
const EPISODES = 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN';
const headers = { authorization: 'Bearer dev-admin' };
const METRICS_DB = 'casewatch_metrics_imports_test';

/**
 * A small return covering each rule of imports.md, and its figures for 2017-18 worked out by hand
 * (metrics.md: short breaks by the status in force, flows count children, DfE's stability measure).
 */
const HAND_MADE = [
  // A: began 2016; U3 in progress on 1 April 2017, then U4 and U5: three placements in the year.
  'A,01/05/2016,S,C2,N1,U1,PR1,01/02/2017,X1,,,,',
  'A,01/02/2017,P,C2,N1,U3,PR1,01/06/2017,X1,CARPL,,,',
  'A,01/06/2017,P,C2,N1,U4,PR1,01/10/2017,X1,CARPL,,,',
  'A,01/10/2017,T,C2,N1,U5,PR1,,,CARPL,,,',
  // B: the return begins mid-period (inferred start, not a start); a legal-status change is not a placement.
  'B,01/06/2017,P,C2,N1,U1,PR1,01/09/2017,X1,,,,',
  'B,01/09/2017,L,E1,N1,U1,PR1,,,,,,',
  // C: S inside an open period: one child started.
  'C,01/05/2017,S,C2,N1,U1,PR1,01/08/2017,X1,,,,',
  'C,01/08/2017,S,C2,N1,U3,PR1,,,,,,',
  // D: a short break (V3) that becomes C2: looked after from July, never a start.
  'D,01/05/2017,S,V3,N1,U1,PR1,01/07/2017,X1,,,,',
  'D,01/07/2017,L,C2,N1,U1,PR1,,,,,,',
  // E: ceases twice; the last ending (E45, special guardianship) decides.
  'E,01/05/2017,S,C2,N1,U1,PR1,01/07/2017,E13,,,,',
  'E,01/09/2017,S,C2,N1,U1,PR1,01/12/2017,E45,,,,',
  // F: X1 continues; REC without DEC is still open.
  'F,01/05/2017,S,C2,N1,U1,PR1,01/06/2017,X1,,,,',
  'F,01/06/2017,P,C2,N1,U2,PR1,,E11,,,,',
  // G: overlapping episodes: the first ends (E13) when the second starts.
  'G,01/04/2017,S,C2,N1,U1,PR1,01/09/2017,E13,,,,',
  'G,01/08/2017,S,C2,N1,U2,PR1,,,,,,',
  // H: a short break from start to end: in no figure.
  'H,01/05/2017,S,V3,N1,U1,PR1,01/06/2017,E13,,,,',
];

async function upload(ingestion: RunningService, tenant: string, files: Record<string, Blob>) {
  const form = new FormData();
  for (const [name, blob] of Object.entries(files)) form.append(name, blob, `${name}.csv`);
  const res = await fetch(`${ingestion.url}/v1/imports/ssda903?tenant=${tenant}`, { method: 'POST', headers, body: form });
  if (res.status === 200) return res.json();
  expect(res.status).toBe(202);
  const location = res.headers.get('location') as string;
  return waitFor(
    async () => {
      if (ingestion.process.exitCode !== null) throw new Error(`ingestion exited:\n${ingestion.output().slice(-3000)}`);
      const state = await (await fetch(`${ingestion.url}${location}`, { headers })).json();
      if (state.state === 'failed') throw new Error(JSON.stringify(state.error));
      return state.state === 'done' ? state.report : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 250, what: 'the import' },
  );
}

describe('imported returns give the figures DfE would count', () => {
  let ingestion: RunningService;
  let metrics: RunningService;

  beforeAll(async () => {
    ingestion = startBuiltService('ingestion', 13111);
    // A metrics database of its own: a fresh service does not first re-project every earlier test's tenants.
    await runBuiltCommand('services/metrics/src/database/migrate.js', { METRICS_DB });
    metrics = startBuiltService('metrics', 13112, { METRICS_DB });
    await Promise.all([waitReady(ingestion), waitReady(metrics)]);
  }, 90_000);
  afterAll(async () => {
    await Promise.all([stop(ingestion), stop(metrics)]);
  });

  const newTenant = () => createTenantAt(ingestion, 'imp');

  /** The figure once the metrics service holds `events` of the tenant's events (it follows the topic). */
  async function figure(tenant: string, metric: string, period: string, settled: () => Promise<boolean>) {
    await waitFor(settled, { timeoutMs: 60_000, intervalMs: 250, what: 'the events stored' });
    const res = await fetch(`${metrics.url}/v1/tenants/${tenant}/metrics/${metric}?period=${period}`, { headers });
    expect(res.status).toBe(200);
    return res.json();
  }

  it('a hand-made return: each rule of the 903 reading, figures for 2017-18 by hand', async () => {
    const tenant = await newTenant();
    const report = await upload(ingestion, tenant, { episodes: new Blob([[EPISODES, ...HAND_MADE].join('\n')]) });
    expect(report).toMatchObject({ children: 8, childrenSkipped: 0, rejected: [] });
    const codes = Object.fromEntries(report.warnings.map((w: { code: string; count: number }) => [w.code, w.count]));
    expect(codes).toEqual({ overlap: 1, 'rec-without-dec': 1, 's-inside-period': 1 });
    // The last event in practice time is E's ending on 1 Dec 2017: when it counts, all have been stored.
    const settled = async () => (await figure0(tenant, 'lac.ceased', 'fy2017')) === 2;
    const value = async (metric: string) => (await figure(tenant, metric, 'fy2017', settled)).value;
    expect(await value('lac.started')).toBe(4); // C, E, F, G
    expect(await value('lac.ceased')).toBe(2); // E (once), G; not H
    expect(await value('lac.ceased-sgo')).toBe(50);
    expect(await value('lac.ceased-permanence')).toBe(50);
    expect(await value('lac.adopted')).toBe(0);
    expect(await value('lac.children')).toBe(6); // A, B, C, D, F, G at 31 March 2018
    const stability = await figure(tenant, 'lac.placements-3plus', 'fy2017', settled);
    expect(stability).toMatchObject({ numerator: 1, denominator: 6, value: 16.7 }); // A
  }, 120_000);

  async function figure0(tenant: string, metric: string, period: string): Promise<number | undefined> {
    const res = await fetch(`${metrics.url}/v1/tenants/${tenant}/metrics/${metric}?period=${period}`, { headers });
    return res.ok ? ((await res.json()) as { value: number }).value : undefined;
  }

  it('the public fake return: children looked after at 31 March 2017 as an outside reader counts them', async () => {
    const tenant = await newTenant();
    const tables = ['header', 'episodes', 'reviews', 'uasc', 'missing'];
    const files = Object.fromEntries(tables.map((t) => [t, new Blob([readFileSync(resolve(FAKE_903, `${t}.csv`))])]));
    const report = await upload(ingestion, tenant, files);
    expect(report.rejected).toEqual([]);
    // DfE's count: children with an episode open on the day (an episode ends at its DEC, or where the
    // child's next episode starts if earlier) whose legal status is not a short break.
    const rows = readFileSync(resolve(FAKE_903, 'episodes.csv'), 'utf8')
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((l) => l.split(','));
    const iso = (d: string) => d.split('/').reverse().join('-');
    const byChild = new Map<string, { decom: string; dec: string; ls: string }[]>();
    for (const r of rows) byChild.set(r[0], [...(byChild.get(r[0]) ?? []), { decom: iso(r[1]), dec: r[7] ? iso(r[7]) : '9999-12-31', ls: r[3] }]);
    const openOn = (day: string) =>
      [...byChild.values()].filter((eps) => {
        const sorted = [...eps].sort((a, b) => a.decom.localeCompare(b.decom));
        return sorted.some((e, i) => {
          const end = sorted[i + 1] && sorted[i + 1].decom < e.dec ? sorted[i + 1].decom : e.dec;
          return e.decom <= day && end > day && !['V3', 'V4'].includes(e.ls);
        });
      }).length;
    const expected = openOn('2017-03-31');
    let seen: number | undefined;
    await waitFor(async () => (seen = await figure0(tenant, 'lac.children', '2017-03')) === expected || undefined, {
      timeoutMs: 90_000,
      intervalMs: 500,
      what: `lac.children 2017-03 = ${expected} (last seen ${String(seen)})`,
    }).catch((err) => {
      throw new Error(`${(err as Error).message}; last seen ${String(seen)}`);
    });
  }, 240_000);
});
