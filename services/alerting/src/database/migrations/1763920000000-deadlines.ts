import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case_events, applied_offsets and tenant_settings tables are their libraries' (EventLog,
 * AppliedOffsets, TenantSettings migrations), which run before this one; databases made before
 * those had the tables from here (recorded under this name).
 */
export class Deadlines1763920000000 implements MigrationInterface {
  name = 'Deadlines1763920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "alerts" ("alert_id" text NOT NULL, "deadline_id" text NOT NULL, "tenant" text NOT NULL, "subject" text NOT NULL, "rule" text NOT NULL, "kind" text NOT NULL, "status" text NOT NULL, "fired_at" TIMESTAMP WITH TIME ZONE NOT NULL, "resolved_at" TIMESTAMP WITH TIME ZONE, "reason" text, "team_id" text, "worker_id" text, "ack_by" text, "ack_at" TIMESTAMP WITH TIME ZONE, "ack_comment" text, CONSTRAINT "PK_b58263d5bb1ef9464b2cf8da9e5" PRIMARY KEY ("alert_id"))`,
    );
    await q.query(`CREATE INDEX "ix_alerts_tenant_fired" ON "alerts" ("tenant", "fired_at")`);
    await q.query(`CREATE UNIQUE INDEX "ux_alerts_deadline_kind" ON "alerts" ("deadline_id", "kind")`);
    await q.query(
      `CREATE TABLE "deadlines" ("deadline_id" text NOT NULL, "tenant" text NOT NULL, "subject" text NOT NULL, "rule" text NOT NULL, "state" text NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "start_date" date NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "warn_at" TIMESTAMP WITH TIME ZONE NOT NULL, "met_at" TIMESTAMP WITH TIME ZONE, "cancelled_at" TIMESTAMP WITH TIME ZONE, "team_id" text, "worker_id" text, "explain" text NOT NULL, CONSTRAINT "PK_5c26d29309b70da637b2d5b43b1" PRIMARY KEY ("deadline_id"))`,
    );
    await q.query(`CREATE INDEX "ix_deadlines_tenant_subject" ON "deadlines" ("tenant", "subject")`);
    await q.query(`CREATE INDEX "ix_deadlines_tenant_state" ON "deadlines" ("tenant", "state")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."ix_deadlines_tenant_state"`);
    await q.query(`DROP INDEX "public"."ix_deadlines_tenant_subject"`);
    await q.query(`DROP TABLE "deadlines"`);
    await q.query(`DROP INDEX "public"."ux_alerts_deadline_kind"`);
    await q.query(`DROP INDEX "public"."ix_alerts_tenant_fired"`);
    await q.query(`DROP TABLE "alerts"`);
    // The libraries' downs keep their tables (they may predate them): a revert to nothing drops them here.
    await q.query(`DROP TABLE IF EXISTS "tenant_settings"`);
    await q.query(`DROP TABLE IF EXISTS "applied_offsets"`);
    await q.query(`DROP INDEX IF EXISTS "public"."ix_case_events_tenant_type_date"`);
    await q.query(`DROP INDEX IF EXISTS "public"."ix_case_events_tenant_subject"`);
    // The event log's down keeps the table (it may predate it): a revert to nothing drops it here.
    await q.query(`DROP TABLE IF EXISTS "case_events"`);
  }
}
