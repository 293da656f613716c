import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { TEST_ENV, uniqueId, waitFor } from '@casewatch/testing';

const ROOT = resolve(__dirname, '../..');

export interface RunningService {
  name: string;
  port: number;
  url: string;
  process: ChildProcess;
  output: () => string;
}

/** Starts a built service (dist/, as `npm start` runs it) as its own process. */
export function startBuiltService(name: 'ingestion' | 'metrics' | 'alerting', port: number): RunningService {
  const main = resolve(ROOT, `dist/services/${name}/src/main.js`);
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first`);
  const child = spawn(process.execPath, [main], {
    // Consumer groups of their own, starting at the end of the topic: the test sees its own events.
    env: {
      ...process.env,
      ...TEST_ENV,
      PORT: String(port),
      HOST: '127.0.0.1',
      METRICS_CONSUMER_GROUP: uniqueId('e2e-metrics'),
      ALERTING_CONSUMER_GROUP: uniqueId('e2e-alerting'),
      METRICS_FROM_BEGINNING: 'false',
      ALERTING_FROM_BEGINNING: 'false',
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
