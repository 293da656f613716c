import { describeOwnedTable } from '@casewatch/testing';
import { TenantSettingsEntity } from './tenant-settings.entity';
import { TenantSettings1763907000000 } from './tenant-settings.migration';

jest.setTimeout(60_000);

describeOwnedTable({
  table: 'tenant_settings',
  entity: TenantSettingsEntity,
  migration: TenantSettings1763907000000,
  // As the services' first migrations made it.
  older: [
    `CREATE TABLE "tenant_settings" ("tenant" text NOT NULL, "settings" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_7e81ca9d50894f9bc06998ff4c6" PRIMARY KEY ("tenant"))`,
    `INSERT INTO tenant_settings VALUES ('t1', '{"nation": "england"}', now())`,
  ],
  kept: { sql: 'SELECT tenant, settings FROM tenant_settings', rows: [{ tenant: 't1', settings: { nation: 'england' } }] },
});
