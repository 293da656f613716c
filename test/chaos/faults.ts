// The faults the chaos run injects: kill -9 of a service (restarted at once), and a stop and
// start of the broker, PostgreSQL and Redis that every service depends on.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { waitFor } from '@casewatch/testing';
import { kill9, startBuiltService, waitReady, type RunningService } from '../support/services';

// Run from the repository (scripts/chaos.sh), whether this file is the source or its build in dist/.
const ROOT = process.cwd();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Name = 'ingestion' | 'metrics' | 'alerting';

/** The three services of the run, each restartable on its own port with its own environment. */
export class Stack {
  readonly services = new Map<Name, RunningService>();

  constructor(
    private readonly ports: Record<Name, number>,
    private readonly env: Record<Name, NodeJS.ProcessEnv>,
  ) {}

  async start(name: Name): Promise<RunningService> {
    const s = startBuiltService(name, this.ports[name], this.env[name]);
    this.services.set(name, s);
    await waitReady(s);
    return s;
  }

  url(name: Name): string {
    return `http://127.0.0.1:${this.ports[name]}`;
  }

  /** Every service answers /health/ready 200 (its database, Redis, Kafka and consumers work). */
  async allReady(timeoutMs = 180_000): Promise<void> {
    const last = new Map<Name, string>();
    await waitFor(
      async () => {
        for (const name of this.services.keys()) {
          const res = await fetch(`${this.url(name)}/health/ready`).catch((err: Error) => err);
          if (res instanceof Error || res.status !== 200) {
            last.set(name, res instanceof Error ? res.message : `${res.status} ${await res.text()}`);
            return false;
          }
        }
        return true;
      },
      { timeoutMs, intervalMs: 250, what: 'every service ready again' },
    ).catch((err: Error) => {
      const detail = [...last].map(([n, why]) => `${n}: ${why}\n${this.services.get(n)?.output().split('\n').slice(-15).join('\n')}`).join('\n');
      throw new Error(`${err.message}\n${detail}`);
    });
  }
}

export interface Fault {
  name: string;
  /** Seconds after sending began. */
  at: number;
  /** Seconds from the fault until every service answered ready again. */
  recoveredAfter?: number;
}

export async function killAndRestart(stack: Stack, name: Name): Promise<void> {
  await kill9(stack.services.get(name) as RunningService);
  await stack.start(name);
}

export async function restartBroker(downMs: number): Promise<void> {
  run('bash', [resolve(ROOT, 'infra/kafka/kafka.sh'), 'stop']);
  await sleep(downMs);
  run('bash', [resolve(ROOT, 'infra/kafka/kafka.sh'), 'start']);
}

export async function restartPostgres(downMs: number): Promise<void> {
  const version = readdirSync('/etc/postgresql').sort().at(-1) as string;
  run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'stop', '-m', 'fast']);
  await sleep(downMs);
  run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start']);
}

export async function restartRedis(downMs: number): Promise<void> {
  try {
    run('redis-cli', ['-h', '127.0.0.1', '-p', '6379', 'shutdown', 'nosave']);
  } catch {
    // redis-cli exits non-zero when the server closes the connection as it shuts down
  }
  await sleep(downMs);
  run('redis-server', ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', '6379', '--save', '', '--appendonly', 'no']);
}

function run(cmd: string, args: string[]): void {
  execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'], timeout: 120_000 });
}
