import { pendingSchemaChanges, runMigrations } from '@casewatch/database';
import { dropDatabase, eventLogDrift, freshDatabase } from '@casewatch/event-log';
import { postgresSettings } from '@casewatch/service-kit';
import { TEST_ENV } from '@casewatch/testing';
import { DataSource } from 'typeorm';
import { loadMetricsConfig } from '../config';
import { METRICS_MIGRATIONS, metricsDataSourceOptions } from './data-source-options';

jest.setTimeout(60_000);

const config = loadMetricsConfig(TEST_ENV);
const indexes = async (ds: DataSource) =>
  ((await ds.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'case_events' ORDER BY indexname`)) as { indexname: string }[]).map((r) => r.indexname);
/** The event log's, and metrics' own (tenant, type, practice_date). */
const SHAPE = ['ix_case_events_tenant_subject_type', 'ix_case_events_tenant_type_date', 'pk_case_events'];

describe('metrics database: the event log (case_events)', () => {
  const fresh = postgresSettings(config, 'casewatch_metrics_eventlog_test');

  afterAll(async () => {
    await dropDatabase(fresh);
  });

  it('a new database: the event log migration makes the table, nothing drifts, and every migration reverts', async () => {
    await freshDatabase(fresh);
    const options = metricsDataSourceOptions(fresh);
    expect(await runMigrations(fresh, options)).toHaveLength(METRICS_MIGRATIONS.length);
    expect(await eventLogDrift(options)).toEqual([]);
    expect(await pendingSchemaChanges(options)).toEqual([]);
    const ds = new DataSource(options);
    await ds.initialize();
    try {
      expect(await indexes(ds)).toEqual(SHAPE);
      for (let i = 0; i < METRICS_MIGRATIONS.length; i++) await ds.undoLastMigration({ transaction: 'each' });
      expect(await ds.query(`SELECT to_regclass('case_events') AS t`)).toEqual([{ t: null }]);
    } finally {
      await ds.destroy();
    }
  });

  it('the test database (migrated as the suite migrates it): nothing drifts', async () => {
    const options = metricsDataSourceOptions(postgresSettings(config, config.METRICS_DB));
    expect(await eventLogDrift(options)).toEqual([]);
    const ds = new DataSource(options);
    await ds.initialize();
    try {
      expect(await indexes(ds)).toEqual(SHAPE);
    } finally {
      await ds.destroy();
    }
  });
});
