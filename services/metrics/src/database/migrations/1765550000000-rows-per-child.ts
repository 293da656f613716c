import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tells the planner that a child has a few rows in each of these tables, however many there are.
 * ANALYZE stores the children it counted (2,148 when a replay last analysed projected_deadlines),
 * and the planner kept that count as the table grew (to 13,334 children), taking each child to have
 * ever more rows: a projection's delete of 200 children's rows scanned the whole table instead of
 * 200 index lookups (docs/benchmarks.md, "Rows per child"). A negative n_distinct is a share of the
 * rows, which grows with them: -0.05 is 20 rows a child (the bench's children have 14 events, 13.5
 * deadline versions and 9 facts on average, most a few, some over a hundred).
 */
const TABLES = ['case_events', 'projected_deadlines', 'projected_facts'];

export class RowsPerChild1765550000000 implements MigrationInterface {
  name = 'RowsPerChild1765550000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of TABLES) {
      await q.query(`ALTER TABLE "${table}" ALTER COLUMN "subject" SET (n_distinct = -0.05)`);
      await q.query(`ANALYZE "${table}"`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of TABLES) await q.query(`ALTER TABLE "${table}" ALTER COLUMN "subject" RESET (n_distinct)`);
  }
}
