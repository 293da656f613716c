import Redis from 'ioredis';
import type { Kafka } from 'kafkajs';
import { keepBenchData } from './bench-env';

const log = (text: string): void => void process.stderr.write(`${text}\n`);

/**
 * Runs a bench's `main`, then `cleanUp` however it ends: done, failed, or interrupted (Ctrl-C, or
 * scripts/bench.sh's SIGTERM when it is itself stopped). Exits with main's outcome.
 */
export function runBench(main: () => Promise<void>, cleanUp: () => Promise<void>): void {
  let cleaning: Promise<void> | undefined;
  const once = () => (cleaning ??= cleanUp().catch((err: Error) => void log(`clean-up failed: ${err.message}`)));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: cleaning up`);
      void once().finally(() => process.exit(130));
    });
  }
  main()
    .catch((err) => {
      console.error(err);
      process.exitCode = 1;
    })
    .finally(async () => {
      await once();
      process.exit();
    });
}

/** The metrics service's Redis keys of these tenants (hot copy, live stream, queue sizes), unless BENCH_KEEP. */
export async function deleteTenantKeys(tenants: string[]): Promise<void> {
  if (keepBenchData() || tenants.length === 0) return;
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    await redis.del(...tenants.flatMap((t) => [`casewatch:hot:${t}`, `casewatch:live:${t}`, `casewatch:queue-sizes:${t}`]));
  } catch (err) {
    log(`redis keys not removed: ${(err as Error).message}`);
  } finally {
    redis.disconnect();
  }
}

/**
 * The consumer groups whose id starts with `prefix` (the services' and their tenants followers'),
 * unless BENCH_KEEP. On the run's own broker they go with it anyway; this covers a bench pointed
 * at a kept broker (BENCH_KAFKA_DIR).
 */
export async function deleteGroups(kafka: Kafka, prefix: string): Promise<void> {
  if (keepBenchData()) return;
  const admin = kafka.admin();
  try {
    await admin.connect();
    const ours = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(prefix));
    if (ours.length > 0) await admin.deleteGroups(ours);
  } catch (err) {
    log(`consumer groups not deleted (they go with the run's broker): ${(err as Error).message}`);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
