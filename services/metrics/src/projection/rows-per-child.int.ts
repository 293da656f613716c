import { uniqueId } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { startMetrics } from '../testing/metrics-harness';
import { deleteChildrenRows } from './projection.store';

jest.setTimeout(120_000);

/**
 * A replay analyses the projected tables while they are small, then fills them. Planned as a
 * join, the delete of a slice's 200 children scanned the whole table (58 ms at 180,000 rows,
 * growing with it; an index lookup per child took 3–5 ms): until RowsPerChild, because the planner
 * kept the count of children ANALYZE had found, and after it, until the table held some 200,000
 * rows, because it costs each lookup as a read from disk.
 */
describe('projected rows of a slice of children', () => {
  let app: NestFastifyApplication;
  const tenant = uniqueId('rows');

  beforeAll(async () => {
    app = await startMetrics();
  });
  afterAll(async () => {
    await app.close();
  });

  /** Children `from`..`to`, 1 to 27 rows each (14 on average; a few have many, most a few). */
  const fill = (table: string, from: number, to: number) =>
    table === 'projected_deadlines'
      ? `INSERT INTO projected_deadlines (tenant, subject, deadline_id, rule, started_at, due_at, warn_at, closed_at, met, known_from, known_to)
         SELECT $1, 'C' || c, 'D' || v, 'r', 0, 1, 1, 2, true, 0, 9
         FROM generate_series(${from}, ${to}) c, generate_series(1, 1 + (c * 7) % 27) v`
      : `INSERT INTO projected_facts (tenant, subject, kind, from_at, to_at, day, known_from, known_to)
         SELECT $1, 'C' || c, 'k' || v, 0, 1, '2026-01-01', 0, 9
         FROM generate_series(${from}, ${to}) c, generate_series(1, 1 + (c * 7) % 27) v`;

  it.each(['projected_deadlines', 'projected_facts'] as const)('are deleted from %s by an index lookup per child after the table grew', async (table) => {
    const runner = app.get(DataSource).createQueryRunner();
    await runner.startTransaction();
    try {
      await runner.query(fill(table, 1, 2_000), [tenant]);
      await runner.query(`ANALYZE ${table}`);
      await runner.query(fill(table, 2_001, 6_000), [tenant]);
      const subjects = Array.from({ length: 200 }, (_, i) => `C${(i * 29) % 6_000}`);
      const plan = ((await runner.query(`EXPLAIN ${deleteChildrenRows(table)}`, [subjects.map(() => tenant), subjects])) as { 'QUERY PLAN': string }[])
        .map((r) => r['QUERY PLAN'])
        .join('\n');
      expect(plan).not.toMatch(new RegExp(`Seq Scan on ${table}`));
      expect(plan).toMatch(new RegExp(`Index Scan (using|on) ix_${table}_child`));
    } finally {
      // The rows and the statistics of the transaction go with it; the dead rows are cleared.
      await runner.rollbackTransaction();
      await runner.query(`VACUUM ${table}`);
      await runner.release();
    }
  });
});
