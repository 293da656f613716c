import { DataSource, type DataSourceOptions } from 'typeorm';
import { ensureDatabase } from './ensure-database';
import type { PostgresSettings } from './postgres-options';

/** Creates the database if needed and applies pending migrations; returns their names. */
export async function runMigrations(settings: PostgresSettings, options: DataSourceOptions): Promise<string[]> {
  await ensureDatabase(settings);
  const ds = new DataSource(options);
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

/** SQL that TypeORM would need to make the schema match the entities; empty when nothing drifted. */
export async function pendingSchemaChanges(options: DataSourceOptions): Promise<string[]> {
  const ds = new DataSource(options);
  await ds.initialize();
  try {
    const sql = await ds.driver.createSchemaBuilder().log();
    return sql.upQueries.map((q) => q.query);
  } finally {
    await ds.destroy();
  }
}
