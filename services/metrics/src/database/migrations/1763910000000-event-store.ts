import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EventStore1763910000000 implements MigrationInterface {
  name = 'EventStore1763910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "applied_offsets" ("consumer" text NOT NULL, "topic" text NOT NULL, "partition" integer NOT NULL, "next_offset" bigint NOT NULL, CONSTRAINT "PK_0d4a2c4ca98e09790cbd08004b4" PRIMARY KEY ("consumer", "topic", "partition"))`,
    );
    await q.query(
      `CREATE TABLE "case_events" ("source" text NOT NULL, "event_id" text NOT NULL, "tenant" text NOT NULL, "subject" text NOT NULL, "type" text NOT NULL, "practice_at" TIMESTAMP WITH TIME ZONE NOT NULL, "practice_date" date NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "team_id" text, "worker_id" text, "data" jsonb NOT NULL, "retracted_at" TIMESTAMP WITH TIME ZONE, "superseded_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_bba7c59603645d488d7d5c81632" PRIMARY KEY ("source", "event_id"))`,
    );
    await q.query(`CREATE INDEX "ix_case_events_tenant_subject" ON "case_events" ("tenant", "subject")`);
    await q.query(`CREATE INDEX "ix_case_events_tenant_type_date" ON "case_events" ("tenant", "type", "practice_date")`);
    await q.query(
      `CREATE TABLE "tenant_settings" ("tenant" text NOT NULL, "settings" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_7e81ca9d50894f9bc06998ff4c6" PRIMARY KEY ("tenant"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "tenant_settings"`);
    await q.query(`DROP INDEX "public"."ix_case_events_tenant_type_date"`);
    await q.query(`DROP INDEX "public"."ix_case_events_tenant_subject"`);
    await q.query(`DROP TABLE "case_events"`);
    await q.query(`DROP TABLE "applied_offsets"`);
  }
}
