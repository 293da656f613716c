import { dropDatabase, freshDatabase, pendingSchemaChanges, postgresOptions, runMigrations, type PostgresSettings } from '@casewatch/database';
import { DataSource } from 'typeorm';

export interface OwnedTableSuite {
  /** The table, and the library's entity and migration that own it. */
  table: string;
  entity: new () => object;
  migration: new () => { name?: string };
  /** The table as a service's earlier migrations made it, and a row in it (statements, in order). */
  older: string[];
  /** A query of what must survive the migration, and its answer. */
  kept: { sql: string; rows: unknown[] };
}

const settings = (database: string): PostgresSettings => ({
  host: process.env.PGHOST ?? '127.0.0.1',
  port: Number(process.env.PGPORT ?? 5432),
  user: process.env.PGUSER ?? 'postgres',
  password: process.env.PGPASSWORD ?? '',
  database,
  poolSize: 2,
});

/**
 * The tests of a table a library owns: its migration makes it in a new database with nothing for the
 * entity to change, and in a database whose service made the table before keeps its rows and leaves
 * it in the entity's shape. Each runs in databases of its own.
 */
export function describeOwnedTable(s: OwnedTableSuite): void {
  describe(`the ${s.table} migration (its one owner)`, () => {
    const fresh = settings(`casewatch_${s.table}_fresh_test`);
    const older = settings(`casewatch_${s.table}_older_test`);
    const options = (db: PostgresSettings) => postgresOptions(db, { entities: [s.entity], migrations: [s.migration] });

    afterAll(async () => {
      await dropDatabase(fresh);
      await dropDatabase(older);
    });

    it('makes, in a new database, the table the entity has nothing to change in (no drift)', async () => {
      await freshDatabase(fresh);
      expect(await runMigrations(fresh, options(fresh))).toEqual([new s.migration().name]);
      expect(await pendingSchemaChanges(options(fresh))).toEqual([]);
    });

    it('keeps the rows of a table a service made before it, and leaves it in shape', async () => {
      await freshDatabase(older);
      const ds = await new DataSource(options(older)).initialize();
      try {
        for (const sql of s.older) await ds.query(sql);
        await ds.runMigrations({ transaction: 'each' });
        expect(await ds.query(s.kept.sql)).toEqual(s.kept.rows);
      } finally {
        await ds.destroy();
      }
      expect(await pendingSchemaChanges(options(older))).toEqual([]);
    });
  });
}
