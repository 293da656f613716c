import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case_events table, the same in every service that stores case events (metrics, alerting):
 * the first of their migrations on a new database. A database made before it (whose earlier
 * migrations made the table) already has the table: only the child index is brought to shape
 * (alerting's (tenant, subject) becomes (tenant, subject, type), of which it is the prefix).
 */
export class EventLog1763905000000 implements MigrationInterface {
  name = 'EventLog1763905000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE IF NOT EXISTS "case_events" ("tenant" text NOT NULL, "source" text NOT NULL, "event_id" text NOT NULL, "subject" text NOT NULL, "type" text NOT NULL, "practice_at" TIMESTAMP WITH TIME ZONE NOT NULL, "practice_date" date NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "team_id" text, "worker_id" text, "data" jsonb NOT NULL, "retracted_at" TIMESTAMP WITH TIME ZONE, "superseded_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_case_events" PRIMARY KEY ("tenant", "source", "event_id"))`,
    );
    await q.query(`CREATE INDEX IF NOT EXISTS "ix_case_events_tenant_subject_type" ON "case_events" ("tenant", "subject", "type")`);
    await q.query(`DROP INDEX IF EXISTS "public"."ix_case_events_tenant_subject"`);
  }

  async down(): Promise<void> {
    // Nothing: in a database made before it, the table is older than this migration and its
    // events must survive a revert of it; the service's first migration drops the table.
  }
}
