import type { Kafka } from 'kafkajs';
import { AssignerProtocol } from 'kafkajs';
import type { Client } from 'pg';
import { startBuiltService, waitReady, type RunningService } from '../../support/services';
import { cpuSeconds, machineBusySeconds, postgresCpuSeconds } from './cpu-time';
import { RssSampler } from './replay-run';

const CASE_EVENTS = 'csc.case-events.v1';
const POLL_MS = 500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Instance {
  service: RunningService;
  clientId: string;
  rss: RssSampler;
  /** CPU seconds when it first answered ready (start-up, and whatever replay it did by then). */
  cpuAtReadyS?: number;
}

/** CPU seconds so far: the machine's, all of PostgreSQL's and the run's broker's. */
export interface CpuReading {
  machine: number;
  postgres: number;
  kafka: number;
}

export function cpuNow(kafkaPid: number | undefined): CpuReading {
  return { machine: machineBusySeconds(), postgres: postgresCpuSeconds(), kafka: cpuSeconds(kafkaPid) };
}

/** Starts `count` built metrics services on one database, in one consumer group, replaying from the start. */
export function startInstances(count: number, db: string, group: string, firstPort: number): Instance[] {
  return Array.from({ length: count }, (_, i) => {
    // The client id names the instance in the group's description.
    const clientId = `${group}-i${i + 1}`;
    const service = startBuiltService('metrics', firstPort + i, {
      METRICS_DB: db,
      METRICS_CONSUMER_GROUP: group,
      METRICS_FROM_BEGINNING: 'true',
      KAFKA_CLIENT_ID: clientId,
    });
    const instance: Instance = { service, clientId, rss: new RssSampler(service.process.pid) };
    void waitReady(service)
      .then(() => (instance.cpuAtReadyS = cpuSeconds(service.process.pid)))
      .catch(() => undefined);
    return instance;
  });
}

function alive(instances: Instance[]): void {
  for (const { service } of instances) {
    if (service.process.exitCode !== null || service.process.signalCode !== null)
      throw new Error(`${service.name} on ${service.port} exited:\n${service.output()}`);
  }
}

/** Waits until the group's applied offsets reach `ends` (per partition) in the shared database. */
export async function waitStored(pg: Client, group: string, ends: Map<number, number>, instances: Instance[]): Promise<void> {
  const total = [...ends.values()].reduce((a, b) => a + b, 0);
  for (;;) {
    alive(instances);
    const { rows } = await pg
      .query('SELECT partition, next_offset AS next FROM applied_offsets WHERE consumer = $1 AND topic = $2', [group, CASE_EVENTS])
      .catch(() => ({ rows: [] as { partition: number; next: string }[] }));
    const applied = new Map(rows.map((r) => [r.partition, Number(r.next)]));
    const behind = [...ends].reduce((sum, [p, end]) => sum + Math.max(0, end - (applied.get(p) ?? 0)), 0);
    process.stderr.write(`\r  stored ${total - behind}/${total}      `);
    if (behind === 0) return;
    await sleep(POLL_MS);
  }
}

/** Waits until no child is left to project. */
export async function waitProjected(pg: Client, instances: Instance[]): Promise<void> {
  for (;;) {
    alive(instances);
    const waiting: number = (await pg.query('SELECT count(*)::int AS n FROM children_to_project')).rows[0].n;
    process.stderr.write(`\r  children waiting to be projected: ${waiting}      `);
    if (waiting === 0) break;
    await sleep(POLL_MS);
  }
  process.stderr.write('\n');
}

/** The partitions of csc.case-events.v1 each member of the group holds now, by client id. */
export async function assignment(kafka: Kafka, group: string): Promise<Record<string, number[]>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([group]);
    const byClient: Record<string, number[]> = {};
    for (const m of groups[0]?.members ?? []) {
      const decoded = AssignerProtocol.MemberAssignment.decode(m.memberAssignment);
      byClient[m.clientId] = [...(decoded?.assignment[CASE_EVENTS] ?? [])].sort((a, b) => a - b);
    }
    return byClient;
  } finally {
    await admin.disconnect();
  }
}

/** casewatch_events_applied_total of one instance: the events it stored itself. */
export async function eventsApplied(service: RunningService): Promise<number> {
  const text = await (await fetch(`${service.url}/metrics`)).text();
  return Number(/^casewatch_events_applied_total(?:\{[^}]*\})? (\d+)/m.exec(text)?.[1] ?? 0);
}

/**
 * CPU seconds of the PostgreSQL processes working on `db` (the instances' connections, autovacuum
 * on it), but not this client's own: each seen every half second, so one that ends between two
 * looks loses at most its last half second. Unlike all of PostgreSQL's CPU, other databases'
 * work on the shared server is not in it; the WAL writer and checkpointer are not either.
 */
export class DatabaseCpuSampler {
  private readonly seen = new Map<number, number>();
  private readonly timer: NodeJS.Timeout;
  private sampling: Promise<void> = Promise.resolve();

  constructor(
    private readonly pg: Client,
    private readonly db: string,
  ) {
    this.timer = setInterval(() => (this.sampling = this.sample()), POLL_MS);
  }

  private async sample(): Promise<void> {
    const { rows } = await this.pg
      .query('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [this.db])
      .catch(() => ({ rows: [] as { pid: number }[] }));
    for (const { pid } of rows) {
      const cpu = cpuSeconds(pid);
      if (cpu > 0) this.seen.set(pid, Math.max(this.seen.get(pid) ?? 0, cpu));
    }
  }

  /** Stops sampling after a last look; the total. */
  async stop(): Promise<number> {
    clearInterval(this.timer);
    await this.sampling;
    await this.sample();
    return [...this.seen.values()].reduce((a, b) => a + b, 0);
  }
}
