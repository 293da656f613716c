import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An event is one per (tenant, source, id), not per (source, id): two councils importing the same
 * return (the importers' ids are tenant-free) must each get its events, and one tenant's ids must
 * never hide another's. History: recorded in databases made before the event log had its own
 * migration, which creates the table with this key (then this does nothing).
 */
export class CaseEventsPerTenant1765000000000 implements MigrationInterface {
  name = 'CaseEventsPerTenant1765000000000';

  async up(q: QueryRunner): Promise<void> {
    // A table made by EventLog1763905000000 has this key already; one made before it is converted.
    const old: unknown[] = await q.query(`SELECT 1 FROM pg_constraint WHERE conname = 'PK_bba7c59603645d488d7d5c81632'`);
    if (old.length === 0) return;
    await q.query(`ALTER TABLE "case_events" DROP CONSTRAINT "PK_bba7c59603645d488d7d5c81632"`);
    await q.query(`ALTER TABLE "case_events" ADD CONSTRAINT "pk_case_events" PRIMARY KEY ("tenant", "source", "event_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "case_events" DROP CONSTRAINT "pk_case_events"`);
    await q.query(`ALTER TABLE "case_events" ADD CONSTRAINT "PK_bba7c59603645d488d7d5c81632" PRIMARY KEY ("source", "event_id")`);
  }
}
