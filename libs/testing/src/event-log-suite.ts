import { dropDatabase, freshDatabase, pendingSchemaChanges, runMigrations, type PostgresSettings } from '@casewatch/database';
import { DataSource, type DataSourceOptions } from 'typeorm';

export interface EventLogSuite {
  service: string;
  /** A database of the suite's own, made and dropped by it. */
  fresh: PostgresSettings;
  /** The database the test run migrated. */
  migrated: PostgresSettings;
  options: (settings: PostgresSettings) => DataSourceOptions;
  migrations: readonly unknown[];
  /** case_events' indexes in this service's database, by name. */
  indexes: string[];
}

const indexesOf = async (ds: DataSource) =>
  ((await ds.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'case_events' ORDER BY indexname`)) as { indexname: string }[]).map((r) => r.indexname);

async function withDataSource<T>(options: DataSourceOptions, use: (ds: DataSource) => Promise<T>): Promise<T> {
  const ds = new DataSource(options);
  await ds.initialize();
  try {
    return await use(ds);
  } finally {
    await ds.destroy();
  }
}

/** The event log's drift tests, the same for every service whose database holds case_events. */
export function describeEventLog(s: EventLogSuite): void {
  describe(`${s.service} database: the event log (case_events)`, () => {
    afterAll(async () => {
      await dropDatabase(s.fresh);
    });

    it('a new database: the event log migration makes the table, nothing drifts, and every migration reverts', async () => {
      await freshDatabase(s.fresh);
      const options = s.options(s.fresh);
      expect(await runMigrations(s.fresh, options)).toHaveLength(s.migrations.length);
      expect(await pendingSchemaChanges(options)).toEqual([]);
      await withDataSource(options, async (ds) => {
        expect(await indexesOf(ds)).toEqual(s.indexes);
        for (let i = 0; i < s.migrations.length; i++) await ds.undoLastMigration({ transaction: 'each' });
        expect(await ds.query(`SELECT to_regclass('case_events') AS t`)).toEqual([{ t: null }]);
      });
    });

    it('the test database (migrated as the suite migrates it): nothing drifts', async () => {
      const options = s.options(s.migrated);
      expect(await pendingSchemaChanges(options)).toEqual([]);
      await withDataSource(options, async (ds) => expect(await indexesOf(ds)).toEqual(s.indexes));
    });
  });
}
