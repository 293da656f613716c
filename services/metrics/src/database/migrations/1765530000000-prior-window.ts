import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "A referral within 12 months before" (a share's prior check as a window, EventFiguresStore):
 * the period's referrals and the year before read from the index alone, with all the window, the
 * withdrawal check and a team or worker scope read. Partial: only the types such checks count.
 */
export class PriorWindow1765530000000 implements MigrationInterface {
  name = 'PriorWindow1765530000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX IF NOT EXISTS "ix_case_events_prior_window" ON "case_events" ("tenant", "type", "practice_date")
       INCLUDE ("subject", "practice_at", "recorded_at", "retracted_at", "superseded_at", "team_id", "worker_id") WHERE "type" IN ('csc.referral.received')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS "ix_case_events_prior_window"`);
  }
}
