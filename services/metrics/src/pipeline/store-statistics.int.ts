import { StoreStatistics } from '@casewatch/event-store';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { startMetrics } from '../testing/metrics-harness';

/** Autovacuum is off on these machines: the service analyses case_events itself as it grows. */
describe('planner statistics of the event store', () => {
  let app: NestFastifyApplication;
  const lastAnalyse = async () => {
    const [row]: { at: Date | null }[] = await app
      .get(DataSource)
      .query("SELECT greatest(last_analyze, last_autoanalyze) AS at FROM pg_stat_user_tables WHERE relname = 'case_events'");
    return row.at?.getTime() ?? 0;
  };

  beforeAll(async () => {
    app = await startMetrics();
  });

  afterAll(async () => {
    await app.close();
  });

  it('analyses once enough new rows arrived, not before', async () => {
    const statistics = app.get(StoreStatistics);
    const before = await lastAnalyse();
    statistics.inserted(10);
    await statistics.settled();
    expect(await lastAnalyse()).toBe(before);
    statistics.inserted(60_000);
    await statistics.settled();
    expect(await lastAnalyse()).toBeGreaterThan(before);
  });
});
