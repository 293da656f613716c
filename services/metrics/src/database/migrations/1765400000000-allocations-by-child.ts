import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A child's allocation events in practice order: "who held the case on day D" (a breakdown by team
 * asks it of every row it counts) reads the latest one backwards from D and stops there, instead of
 * reading and sorting all of the child's allocations. Partial: one event in ten is an allocation.
 */
export class AllocationsByChild1765400000000 implements MigrationInterface {
  name = 'AllocationsByChild1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX IF NOT EXISTS "ix_case_events_allocations" ON "case_events" ("tenant", "subject", "practice_date", "practice_at", "recorded_at")
       WHERE "type" IN ('csc.worker.allocated', 'csc.worker.unallocated')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS "public"."ix_case_events_allocations"`);
  }
}
