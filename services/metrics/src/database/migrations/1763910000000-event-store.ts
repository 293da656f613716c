import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Metrics' own index on the event log. The case_events, applied_offsets and tenant_settings tables
 * are their libraries' (EventLog, AppliedOffsets, TenantSettings migrations), which run before this
 * one; databases made before those had the tables from here (recorded under this name, so it stays).
 */
export class EventStore1763910000000 implements MigrationInterface {
  name = 'EventStore1763910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS "ix_case_events_tenant_type_date" ON "case_events" ("tenant", "type", "practice_date")`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The libraries' downs keep their tables (they may predate them): a revert to nothing drops them here.
    await q.query(`DROP TABLE IF EXISTS "tenant_settings"`);
    await q.query(`DROP INDEX IF EXISTS "public"."ix_case_events_tenant_type_date"`);
    await q.query(`DROP INDEX IF EXISTS "public"."ix_case_events_tenant_subject"`);
    // The event log's down keeps the table (it may predate it): a revert to nothing drops it here.
    await q.query(`DROP TABLE IF EXISTS "case_events"`);
    await q.query(`DROP TABLE IF EXISTS "applied_offsets"`);
  }
}
