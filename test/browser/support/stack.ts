import { spawn } from 'node:child_process';
import type { CaseEvent } from '@casewatch/contracts';
import { generateHistory } from '@casewatch/event-generator';
import { Scenario, TEST_ENV, uniqueId, waitFor } from '@casewatch/testing';
import { builtFile, startBuiltService, stop, type RunningService } from '../../support/services';

/** Targets like councils' packs have, so that RAG shows red, amber and green. */
/** Illustrative England and statistical-neighbour figures, so tiles and the pack show comparators. */
export const COMPARATORS = {
  'assessments.within-45wd': [{ name: 'England', period: 'fy2025', value: 83.1, source: 'illustrative' }],
  'lac.rate10k': [
    { name: 'England', period: 'fy2025', value: 70, source: 'illustrative' },
    { name: 'Statistical neighbours', period: 'fy2025', value: 92.4, source: 'illustrative' },
  ],
};

export const TARGETS: Record<string, { target: number; amberTolerance: number }> = {
  'contacts.decided-1wd': { target: 90, amberTolerance: 5 },
  'referrals.repeat-12m': { target: 20, amberTolerance: 3 },
  'assessments.within-45wd': { target: 85, amberTolerance: 5 },
  'assessments.avg-working-days': { target: 35, amberTolerance: 5 },
  'cp.visits-up-to-date': { target: 90, amberTolerance: 5 },
  'lac.reviews-in-time': { target: 90, amberTolerance: 5 },
  'lac.visits-up-to-date': { target: 90, amberTolerance: 5 },
  'lac.health-up-to-date': { target: 90, amberTolerance: 5 },
  'care-leavers.in-touch': { target: 90, amberTolerance: 5 },
  'care-leavers.eet': { target: 55, amberTolerance: 5 },
  'caseload.average': { target: 18, amberTolerance: 2 },
};

export interface Stack {
  tenant: string;
  /** The region the tenant shares with, beside a second council with no history (docs/regions.md). */
  region: string;
  token: string;
  metrics: RunningService;
  alerting: RunningService;
  dashboard: RunningService;
  scenario: Scenario;
  /** GET on the metrics or alerting API with the development token. */
  api<T>(service: 'metrics' | 'alerting', path: string): Promise<T>;
  stop(): Promise<void>;
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Like waitReady, with more time: on a loaded shared machine a service takes over a minute to join. */
async function waitReady(service: RunningService, timeoutMs = 180_000): Promise<void> {
  await waitFor(
    async () => {
      if (service.process.exitCode !== null) throw new Error(`${service.name} exited:\n${service.output()}`);
      const res = await fetch(`${service.url}/health/ready`).catch(() => undefined);
      return res?.status === 200;
    },
    { timeoutMs, intervalMs: 250, what: `${service.name} ready` },
  );
}

/** The built dashboard as its own process (as `npm start` runs it). */
function startDashboard(port: number, env: NodeJS.ProcessEnv): RunningService {
  const child = spawn(process.execPath, [builtFile('services/dashboard/src/main.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      ...(process.env.CASEWATCH_DIST ? { NODE_PATH: `${__dirname}/../../../node_modules` } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  return { name: 'dashboard', port, url: `http://127.0.0.1:${port}`, process: child, output: () => log };
}

/**
 * Metrics and alerting (built, as processes, consumer groups of their own from the end of the
 * topic), a fresh tenant with targets and about 14 months of generated history, and the dashboard
 * reading them. Ports 32xx so as not to meet `npm start` (3000–3003).
 */
export async function startStack(basePort = 3200): Promise<Stack> {
  const tenant = uniqueId('dash').toLowerCase();
  const token = 'dev-admin';
  const metrics = startBuiltService('metrics', basePort + 2);
  const alerting = startBuiltService('alerting', basePort + 3);
  const started: RunningService[] = [metrics, alerting];
  try {
    return await setUp(tenant, token, metrics, alerting, basePort, started);
  } catch (err) {
    // Leave no process behind when the set-up fails (Jest then runs no afterAll with a stack).
    await Promise.all(started.map((s) => stop(s)));
    throw err;
  }
}

async function setUp(
  tenant: string,
  token: string,
  metrics: RunningService,
  alerting: RunningService,
  basePort: number,
  started: RunningService[],
): Promise<Stack> {
  await Promise.all([waitReady(metrics), waitReady(alerting)]);

  const api = async <T>(service: 'metrics' | 'alerting', path: string): Promise<T> => {
    const base = service === 'metrics' ? metrics.url : alerting.url;
    const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`${service} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  const region = `bt-${tenant.replace(/[^a-z0-9-]/g, '-')}`.slice(0, 40);
  const scenario = new Scenario(tenant);
  await scenario.publishTenant({
    name: 'Browser test council',
    nation: 'england',
    population0to17: 4000,
    targets: TARGETS,
    comparators: COMPARATORS,
    region,
    shareWithRegion: true,
  });
  const neighbour = new Scenario(`${tenant}-n`);
  await neighbour.publishTenant({ name: 'Neighbouring council', nation: 'england', population0to17: 3000, region, shareWithRegion: true });
  await neighbour.close();
  const now = new Date();
  const events: CaseEvent[] = [
    ...generateHistory({
      tenant,
      seed: 12,
      children: 160,
      from: isoDay(new Date(now.getTime() - 430 * 86_400_000)),
      to: isoDay(now),
      horizon: new Date(now.getTime() - 60_000),
    }),
  ];
  for (let i = 0; i < events.length; i += 2000) {
    await scenario.publishEvents(events.slice(i, i + 2000) as unknown as Parameters<Scenario['publishEvents']>[0]);
  }
  const lastId = events[events.length - 1].subject;
  await waitFor(
    async () => {
      const cases = await api<{ items: { subject: string }[] }>(
        'metrics',
        `/v1/tenants/${tenant}/metrics/referrals.received/cases?period=fy${now.getUTCMonth() >= 3 ? now.getUTCFullYear() : now.getUTCFullYear() - 1}`,
      ).catch(() => undefined);
      const deadlines = await api<{ items: unknown[] }>('alerting', `/v1/tenants/${tenant}/deadlines?state=overdue&limit=1`).catch(() => undefined);
      return (cases?.items.length ?? 0) > 0 && (deadlines?.items.length ?? 0) > 0 && lastId !== undefined;
    },
    { timeoutMs: 90_000, intervalMs: 1000, what: `the history of ${tenant} in metrics and alerting` },
  );
  // Let the consumers finish the whole history before the pages compare figures with the API.
  await waitFor(
    async () => {
      const a = JSON.stringify((await api<{ items: unknown[] }>('metrics', `/v1/tenants/${tenant}/metrics`)).items);
      await new Promise((r) => setTimeout(r, 1500));
      const b = JSON.stringify((await api<{ items: unknown[] }>('metrics', `/v1/tenants/${tenant}/metrics`)).items);
      return a === b;
    },
    { timeoutMs: 60_000, intervalMs: 500, what: 'figures to settle' },
  );

  const dashboard = startDashboard(basePort, { METRICS_URL: metrics.url, ALERTING_URL: alerting.url, DEFAULT_TENANT: tenant, ...TEST_ENV_DASHBOARD });
  started.push(dashboard);
  await waitReady(dashboard);
  return {
    tenant,
    region,
    token,
    metrics,
    alerting,
    dashboard,
    scenario,
    api,
    stop: async () => {
      await scenario.close();
      await Promise.all([stop(dashboard), stop(metrics), stop(alerting)]);
    },
  };
}

// A busy test machine computes past figures slowly: give the pages time rather than a 502.
const TEST_ENV_DASHBOARD: NodeJS.ProcessEnv = { NODE_ENV: TEST_ENV.NODE_ENV, UPSTREAM_TIMEOUT_MS: '60000', PAGE_BUDGET_MS: '60000' };
