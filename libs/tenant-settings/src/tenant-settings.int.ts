import { dropDatabase, freshDatabase, pendingSchemaChanges, postgresOptions, runMigrations, type PostgresSettings } from '@casewatch/database';
import { DataSource } from 'typeorm';
import { TenantSettingsEntity } from './tenant-settings.entity';
import { TenantSettings1763907000000 } from './tenant-settings.migration';

jest.setTimeout(60_000);

const settings = (database: string): PostgresSettings => ({
  host: process.env.PGHOST ?? '127.0.0.1',
  port: Number(process.env.PGPORT ?? 5432),
  user: process.env.PGUSER ?? 'postgres',
  password: process.env.PGPASSWORD ?? '',
  database,
  poolSize: 2,
});
const options = (s: PostgresSettings) => postgresOptions(s, { entities: [TenantSettingsEntity], migrations: [TenantSettings1763907000000] });

describe('the tenant settings migration (the one owner of tenant_settings)', () => {
  const fresh = settings('casewatch_tenant_settings_fresh_test');
  const older = settings('casewatch_tenant_settings_older_test');

  afterAll(async () => {
    await dropDatabase(fresh);
    await dropDatabase(older);
  });

  it('makes, in a new database, the table the entity has nothing to change in (no drift)', async () => {
    await freshDatabase(fresh);
    expect(await runMigrations(fresh, options(fresh))).toEqual(['TenantSettings1763907000000']);
    expect(await pendingSchemaChanges(options(fresh))).toEqual([]);
  });

  it('keeps the settings of a table a service made before it', async () => {
    await freshDatabase(older);
    const ds = await new DataSource(options(older)).initialize();
    try {
      // As the services' first migrations made it.
      await ds.query(
        `CREATE TABLE "tenant_settings" ("tenant" text NOT NULL, "settings" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_7e81ca9d50894f9bc06998ff4c6" PRIMARY KEY ("tenant"))`,
      );
      await ds.query(`INSERT INTO tenant_settings VALUES ('t1', '{"nation": "england"}', now())`);
      await ds.runMigrations({ transaction: 'each' });
      expect(await ds.query('SELECT tenant, settings FROM tenant_settings')).toEqual([{ tenant: 't1', settings: { nation: 'england' } }]);
    } finally {
      await ds.destroy();
    }
    expect(await pendingSchemaChanges(options(older))).toEqual([]);
  });
});
