import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { TEST_ENV, uniqueId, waitFor } from '@casewatch/testing';

const ROOT = resolve(__dirname, '../..');
/**
 * The build the services run from: this checkout's `dist/`, or CASEWATCH_DIST (a copy elsewhere,
 * e.g. so that a concurrent `npm run build` cannot remove it mid-test, or a deliberately broken
 * build to see a test fail). A copy outside the checkout finds its packages through NODE_PATH.
 */
const DIST = process.env.CASEWATCH_DIST ? resolve(process.env.CASEWATCH_DIST) : resolve(ROOT, 'dist');
const NODE_PATH_ENV: NodeJS.ProcessEnv = process.env.CASEWATCH_DIST ? { NODE_PATH: resolve(ROOT, 'node_modules') } : {};

/** A file of the build, e.g. `services/metrics/src/main.js`; throws when it is missing. */
export function builtFile(path: string): string {
  const file = resolve(DIST, path);
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
  return file;
}

export interface RunningService {
  name: string;
  port: number;
  url: string;
  process: ChildProcess;
  output: () => string;
}

/**
 * Starts a built service (dist/, as `npm start` runs it) as its own process. `env` overrides the
 * defaults (e.g. a database or consumer group of the test's own).
 */
export function startBuiltService(name: 'ingestion' | 'metrics' | 'alerting', port: number, env: NodeJS.ProcessEnv = {}): RunningService {
  const main = builtFile(`services/${name}/src/main.js`);
  // BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the services a benchmark starts.
  // As scripts/start.sh and the Dockerfile run them.
  const nodeArgs = [`--max-semi-space-size=${name === 'ingestion' ? 16 : 32}`, ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  const child = spawn(process.execPath, [...nodeArgs, main], {
    // Consumer groups of their own, starting at the end of the topic: the test sees its own events.
    env: {
      ...process.env,
      ...TEST_ENV,
      PORT: String(port),
      HOST: '127.0.0.1',
      METRICS_CONSUMER_GROUP: uniqueId('e2e-metrics'),
      ALERTING_CONSUMER_GROUP: uniqueId('e2e-alerting'),
      METRICS_FROM_BEGINNING: 'false',
      METRICS_WARM_ON_START: 'false',
      ALERTING_FROM_BEGINNING: 'false',
      ...NODE_PATH_ENV,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  return { name, port, url: `http://127.0.0.1:${port}`, process: child, output: () => log };
}

export async function waitReady(service: RunningService): Promise<void> {
  await waitFor(
    async () => {
      if (service.process.exitCode !== null) throw new Error(`${service.name} exited:\n${service.output()}`);
      const res = await fetch(`${service.url}/health/ready`).catch(() => undefined);
      return res?.status === 200;
    },
    { timeoutMs: 60_000, intervalMs: 250, what: `${service.name} ready` },
  );
}

/** SIGTERM, as Ctrl-C in `npm start` sends; resolves with the exit code. */
export function stop(service: RunningService): Promise<number | null> {
  return new Promise((resolveExit) => {
    if (service.process.exitCode !== null) return resolveExit(service.process.exitCode);
    service.process.once('exit', (code) => resolveExit(code));
    service.process.kill('SIGTERM');
  });
}

/** SIGKILL, as `kill -9`: no shutdown hooks, no last commit, no leaving the group. Resolves once it is gone. */
export function kill9(service: RunningService): Promise<NodeJS.Signals | null> {
  return new Promise((resolveExit) => {
    if (service.process.exitCode !== null || service.process.signalCode !== null) return resolveExit(service.process.signalCode);
    service.process.once('exit', (_code, signal) => resolveExit(signal));
    service.process.kill('SIGKILL');
  });
}

/** Runs a built one-shot command (e.g. `services/metrics/src/database/migrate.js`) to its end. */
export function runBuiltCommand(path: string, env: NodeJS.ProcessEnv): Promise<string> {
  const file = builtFile(path);
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [file], { env: { ...process.env, ...TEST_ENV, ...NODE_PATH_ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout?.on('data', (d) => (log += d));
    child.stderr?.on('data', (d) => (log += d));
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? ok(log) : fail(new Error(`${path} exited with ${code}:\n${log}`))));
  });
}

/** A new tenant of its own on a running ingestion service (PUT /v1/tenants/{tenant}, 201). */
export async function createTenantAt(ingestion: RunningService, prefix: string, population0to17 = 10_000): Promise<string> {
  const tenant = uniqueId(prefix);
  const res = await fetch(`${ingestion.url}/v1/tenants/${tenant}`, {
    method: 'PUT',
    headers: { authorization: 'Bearer dev-admin', 'content-type': 'application/json' },
    body: JSON.stringify({ name: `Test ${tenant}`, nation: 'england', population0to17 }),
  });
  if (res.status !== 201) throw new Error(`tenant ${tenant} not created: ${res.status} ${await res.text()}`);
  return tenant;
}
