import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The applied_offsets table, the same in every service that follows the case events: run before the
 * service's own migrations. A database made before it already has the table (from the service's
 * first migration, which held a copy of this DDL), so it is made only where missing.
 */
export class AppliedOffsets1763906000000 implements MigrationInterface {
  name = 'AppliedOffsets1763906000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE IF NOT EXISTS "applied_offsets" ("consumer" text NOT NULL, "topic" text NOT NULL, "partition" integer NOT NULL, "next_offset" bigint NOT NULL, CONSTRAINT "PK_0d4a2c4ca98e09790cbd08004b4" PRIMARY KEY ("consumer", "topic", "partition"))`,
    );
  }

  async down(): Promise<void> {
    // Nothing, as the event log's: the table may predate this migration; the service's first migration drops it.
  }
}
