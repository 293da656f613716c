import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tenant_settings table, the same in every service that follows csc.tenants.v1: run before the
 * service's own migrations. A database made before it already has the table (from the service's
 * first migration, which held a copy of this DDL), so it is made only where missing.
 */
export class TenantSettings1763907000000 implements MigrationInterface {
  name = 'TenantSettings1763907000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE IF NOT EXISTS "tenant_settings" ("tenant" text NOT NULL, "settings" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_7e81ca9d50894f9bc06998ff4c6" PRIMARY KEY ("tenant"))`,
    );
  }

  async down(): Promise<void> {
    // Nothing, as the event log's: the table may predate this migration; the service's first migration drops it.
  }
}
