import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A child's events of one type, found without reading all of the child's events: snapshot
 * figures ask of every open item whether its closing event exists ("still open"), and scopes ask
 * for the latest allocation. Replaces (tenant, subject), which is its prefix. A database made
 * since EventLog1763905000000 has it already.
 */
export class EventsByChildAndType1764910000000 implements MigrationInterface {
  name = 'EventsByChildAndType1764910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS "ix_case_events_tenant_subject_type" ON "case_events" ("tenant", "subject", "type")`);
    await q.query(`DROP INDEX IF EXISTS "public"."ix_case_events_tenant_subject"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "ix_case_events_tenant_subject" ON "case_events" ("tenant", "subject")`);
    await q.query(`DROP INDEX "public"."ix_case_events_tenant_subject_type"`);
  }
}
