import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "Who held the case on day D" (team breakdowns, team and worker scopes) answered from the index
 * alone: the allocation events' index (AllocationsByChild1765400000000) also holds what the lookup
 * reads (type, team, worker, withdrawal), so a lookup visits no table page once vacuumed.
 */
export class AllocationsCovering1765520000000 implements MigrationInterface {
  name = 'AllocationsCovering1765520000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS "ix_case_events_allocations"`);
    await q.query(
      `CREATE INDEX "ix_case_events_allocations" ON "case_events" ("tenant", "subject", "practice_date", "practice_at", "recorded_at")
       INCLUDE ("type", "team_id", "worker_id", "retracted_at", "superseded_at") WHERE "type" IN ('csc.worker.allocated', 'csc.worker.unallocated')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS "ix_case_events_allocations"`);
    await q.query(
      `CREATE INDEX "ix_case_events_allocations" ON "case_events" ("tenant", "subject", "practice_date", "practice_at", "recorded_at")
       WHERE "type" IN ('csc.worker.allocated', 'csc.worker.unallocated')`,
    );
  }
}
