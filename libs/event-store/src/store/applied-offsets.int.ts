import { dropDatabase, freshDatabase, pendingSchemaChanges, postgresOptions, runMigrations, type PostgresSettings } from '@casewatch/database';
import { DataSource } from 'typeorm';
import { AppliedOffsetEntity } from './applied-offset.entity';
import { AppliedOffsets1763906000000 } from './applied-offsets.migration';

jest.setTimeout(60_000);

const settings = (database: string): PostgresSettings => ({
  host: process.env.PGHOST ?? '127.0.0.1',
  port: Number(process.env.PGPORT ?? 5432),
  user: process.env.PGUSER ?? 'postgres',
  password: process.env.PGPASSWORD ?? '',
  database,
  poolSize: 2,
});
const options = (s: PostgresSettings) => postgresOptions(s, { entities: [AppliedOffsetEntity], migrations: [AppliedOffsets1763906000000] });

describe('the applied offsets migration (the one owner of applied_offsets)', () => {
  const fresh = settings('casewatch_applied_offsets_fresh_test');
  const older = settings('casewatch_applied_offsets_older_test');

  afterAll(async () => {
    await dropDatabase(fresh);
    await dropDatabase(older);
  });

  it('makes, in a new database, the table the entity has nothing to change in (no drift)', async () => {
    await freshDatabase(fresh);
    expect(await runMigrations(fresh, options(fresh))).toEqual(['AppliedOffsets1763906000000']);
    expect(await pendingSchemaChanges(options(fresh))).toEqual([]);
  });

  it('keeps the offsets of a table a service made before it', async () => {
    await freshDatabase(older);
    const ds = await new DataSource(options(older)).initialize();
    try {
      // As the services' first migrations made it.
      await ds.query(
        `CREATE TABLE "applied_offsets" ("consumer" text NOT NULL, "topic" text NOT NULL, "partition" integer NOT NULL, "next_offset" bigint NOT NULL, CONSTRAINT "PK_0d4a2c4ca98e09790cbd08004b4" PRIMARY KEY ("consumer", "topic", "partition"))`,
      );
      await ds.query(`INSERT INTO applied_offsets VALUES ('casewatch-metrics', 'csc.case-events.v1', 0, 42)`);
      await ds.runMigrations({ transaction: 'each' });
      expect(await ds.query('SELECT next_offset FROM applied_offsets')).toEqual([{ next_offset: '42' }]);
    } finally {
      await ds.destroy();
    }
    expect(await pendingSchemaChanges(options(older))).toEqual([]);
  });
});
