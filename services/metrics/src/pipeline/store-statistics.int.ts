import { StoreStatistics, TableStatistics } from '@casewatch/event-store';
import { waitFor } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { startMetrics } from '../testing/metrics-harness';

/**
 * Autovacuum is off on these machines: the service vacuums and analyses case_events itself as it
 * grows (statistics for the planner, all-visible pages for index-only scans).
 */
describe('planner statistics and visibility of the event store', () => {
  let app: NestFastifyApplication;
  const last = async () => {
    const [row]: { analysed: Date | null; vacuumed: Date | null }[] = await app
      .get(DataSource)
      .query(
        "SELECT greatest(last_analyze, last_autoanalyze) AS analysed, greatest(last_vacuum, last_autovacuum) AS vacuumed FROM pg_stat_user_tables WHERE relname = 'case_events'",
      );
    return { analysed: row.analysed?.getTime() ?? 0, vacuumed: row.vacuumed?.getTime() ?? 0 };
  };

  beforeAll(async () => {
    app = await startMetrics();
  });

  afterAll(async () => {
    await app.close();
  });

  it('vacuums and analyses once enough new rows arrived, not before', async () => {
    const statistics = app.get(StoreStatistics);
    const before = await last();
    statistics.inserted(10);
    await statistics.settled();
    expect(await last()).toEqual(before);
    statistics.inserted(60_000);
    await statistics.settled();
    const after = await last();
    expect(after.analysed).toBeGreaterThan(before.analysed);
    expect(after.vacuumed).toBeGreaterThan(before.vacuumed);
  });

  it('passes again once the interval is over when rows came too soon after a pass, without more rows', async () => {
    const statistics = new TableStatistics(app.get(DataSource), ['case_events'], 1000);
    try {
      statistics.inserted(1e9); // past a tenth of the table, however large
      await statistics.settled();
      const first = await last();
      statistics.inserted(1e9); // past a tenth of the table, however large
      await statistics.settled();
      expect(await last()).toEqual(first);
      // Both, each reported as its step ends.
      await waitFor(
        async () => {
          const now = await last();
          return now.vacuumed > first.vacuumed && now.analysed > first.analysed ? now : undefined;
        },
        { what: 'a later vacuum and analysis', timeoutMs: 10_000 },
      );
    } finally {
      await statistics.stop();
    }
  });
});
