import { postgresSettings } from '@casewatch/service-kit';
import { dropDatabase, freshDatabase } from '@casewatch/database';
import { TEST_ENV } from '@casewatch/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { loadIngestionConfig } from '../config';
import { ingestionDataSourceOptions } from '../database/data-source-options';
import { ImportStore } from './import.store';

// A database of its own: failInterrupted fails every running import, which would cut other tests' imports short.
const settings = postgresSettings(loadIngestionConfig(TEST_ENV), 'casewatch_import_store_test');

describe('the import store after a stop', () => {
  let db: DataSource;
  let store: ImportStore;

  beforeAll(async () => {
    await freshDatabase(settings);
    db = await new DataSource(ingestionDataSourceOptions(settings)).initialize();
    await db.runMigrations();
    store = new ImportStore(db);
  });

  afterAll(async () => {
    await db?.destroy();
    await dropDatabase(settings);
  });

  it('fails the imports a stop cut short, counts them and drops their staging, leaving finished ones alone', async () => {
    const cut = [randomUUID(), randomUUID()];
    const done = randomUUID();
    for (const id of [...cut, done]) {
      await store.create(id, 'import-store-test', 'ssda903');
      await db.query(`INSERT INTO import_rows (import_id, subject, tbl, file, row, rec) VALUES ($1, 'C1', 'header', 'header.csv', 2, '{}')`, [id]);
    }
    await db.query(`UPDATE imports SET state = 'done' WHERE import_id = $1`, [done]);

    await expect(store.failInterrupted()).resolves.toBe(2);

    const states: { import_id: string; state: string }[] = await db.query('SELECT import_id, state FROM imports');
    expect(Object.fromEntries(states.map((s) => [s.import_id, s.state]))).toEqual({ [cut[0]]: 'failed', [cut[1]]: 'failed', [done]: 'done' });
    const staged: { import_id: string }[] = await db.query('SELECT import_id FROM import_rows');
    expect(staged.map((r) => r.import_id)).toEqual([done]);
    // Nothing running any more: the next start finds nothing to fail.
    await expect(store.failInterrupted()).resolves.toBe(0);
  });
});
