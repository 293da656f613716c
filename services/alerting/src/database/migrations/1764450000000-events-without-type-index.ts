import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alerting reads case events by child only (tenant, subject); the (tenant, type, practice_date)
 * index serves the metrics service's queries, so here it only cost every stored event a B-tree
 * entry.
 */
export class EventsWithoutTypeIndex1764450000000 implements MigrationInterface {
  name = 'EventsWithoutTypeIndex1764450000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS "public"."ix_case_events_tenant_type_date"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "ix_case_events_tenant_type_date" ON "case_events" ("tenant", "type", "practice_date")`);
  }
}
