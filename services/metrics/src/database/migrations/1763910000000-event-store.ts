import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Offsets, tenant settings and metrics' own index on the event log. The case_events table itself
 * is EventLog1763905000000's (@casewatch/event-log), which runs before this one; databases made
 * before it had the table from here (recorded under this name, so the name stays).
 */
export class EventStore1763910000000 implements MigrationInterface {
  name = 'EventStore1763910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "applied_offsets" ("consumer" text NOT NULL, "topic" text NOT NULL, "partition" integer NOT NULL, "next_offset" bigint NOT NULL, CONSTRAINT "PK_0d4a2c4ca98e09790cbd08004b4" PRIMARY KEY ("consumer", "topic", "partition"))`,
    );
    await q.query(`CREATE INDEX IF NOT EXISTS "ix_case_events_tenant_type_date" ON "case_events" ("tenant", "type", "practice_date")`);
    await q.query(
      `CREATE TABLE "tenant_settings" ("tenant" text NOT NULL, "settings" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_7e81ca9d50894f9bc06998ff4c6" PRIMARY KEY ("tenant"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "tenant_settings"`);
    await q.query(`DROP INDEX IF EXISTS "public"."ix_case_events_tenant_type_date"`);
    await q.query(`DROP INDEX IF EXISTS "public"."ix_case_events_tenant_subject"`);
    // The event log's down keeps the table (it may predate it): a revert to nothing drops it here.
    await q.query(`DROP TABLE IF EXISTS "case_events"`);
    await q.query(`DROP TABLE "applied_offsets"`);
  }
}
