import { readFileSync } from 'node:fs';
import type { Client } from 'pg';
import { runBuiltCommand, startBuiltService, type RunningService } from '../../support/services';
import { connectTo } from './bench-database';

const CASE_EVENTS = 'csc.case-events.v1';
const POLL_MS = 500;

/** The resident set of a process in MB (0 once it is gone). */
export function rssMb(pid: number | undefined): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** Samples a process's RSS every half second; `peak()` since the last `reset()`. */
export class RssSampler {
  private max = 0;
  private readonly timer: NodeJS.Timeout;
  constructor(private readonly pid: number | undefined) {
    this.timer = setInterval(() => (this.max = Math.max(this.max, rssMb(pid))), POLL_MS);
    this.timer.unref();
  }
  now(): number {
    const rss = rssMb(this.pid);
    this.max = Math.max(this.max, rss);
    return rss;
  }
  peak(): number {
    return Math.max(this.max, this.now());
  }
  reset(): void {
    this.max = 0;
  }
  stop(): void {
    clearInterval(this.timer);
  }
}

export interface ReplayResult {
  service: RunningService;
  pg: Client;
  rss: RssSampler;
  startedAt: number;
  /** When every partition's applied offset reached the end taken before the run. */
  storedAt: number;
  /** When no child was left waiting to be projected, after that. */
  projectedAt: number;
  rssStoredMb: number;
  rssProjectedMb: number;
  peakRssReplayMb: number;
}

/**
 * Migrates a fresh database, starts the built metrics service on it with a new consumer group
 * replaying csc.case-events.v1 from its start, and waits until it has stored everything up to
 * `ends` (per partition, taken before the run) and projected every child. The service is left
 * running for the caller (who stops it; `started` hands it over at once, for an interrupted run);
 * timing starts at the spawn, as bench:metrics-replay's.
 */
export async function replay(
  db: string,
  port: number,
  env: NodeJS.ProcessEnv,
  ends: Map<number, number>,
  started: (service: RunningService) => void = () => undefined,
): Promise<ReplayResult> {
  await runBuiltCommand('services/metrics/src/database/migrate.js', { METRICS_DB: db });
  const startedAt = Date.now();
  const service = startBuiltService('metrics', port, { METRICS_DB: db, METRICS_FROM_BEGINNING: 'true', ...env });
  started(service);
  const rss = new RssSampler(service.process.pid);
  const pg = await connectTo(db);
  const alive = () => {
    if (service.process.exitCode !== null || service.process.signalCode !== null) throw new Error(`metrics exited:\n${service.output()}`);
  };
  const total = [...ends.values()].reduce((a, b) => a + b, 0);
  for (;;) {
    alive();
    const rows: { partition: number; next: string }[] = (
      await pg.query(`SELECT partition, next_offset AS next FROM applied_offsets WHERE topic = $1`, [CASE_EVENTS]).catch(() => ({ rows: [] }))
    ).rows;
    const applied = new Map(rows.map((r) => [r.partition, Number(r.next)]));
    const behind = [...ends].reduce((sum, [p, end]) => sum + Math.max(0, end - (applied.get(p) ?? 0)), 0);
    process.stderr.write(`\r  stored ${total - behind}/${total}      `);
    if (behind === 0) break;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  const storedAt = Date.now();
  const rssStoredMb = rss.now();
  for (;;) {
    alive();
    const waiting: number = (await pg.query('SELECT count(*)::int AS n FROM children_to_project')).rows[0].n;
    process.stderr.write(`\r  children waiting to be projected: ${waiting}      `);
    if (waiting === 0) break;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  process.stderr.write('\n');
  const projectedAt = Date.now();
  const rssProjectedMb = rss.now();
  const peakRssReplayMb = rss.peak();
  return { service, pg, rss, startedAt, storedAt, projectedAt, rssStoredMb, rssProjectedMb, peakRssReplayMb };
}
