import { ensureDatabase } from './ensure-database';
import type { PostgresSettings } from './postgres-options';
import { Client } from 'pg';

async function admin<T>(settings: PostgresSettings, run: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ host: settings.host, port: settings.port, user: settings.user, password: settings.password, database: 'postgres' });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** For tests: an empty database of this name (dropped first if a run left one). */
export async function freshDatabase(settings: PostgresSettings): Promise<void> {
  await dropDatabase(settings);
  await ensureDatabase(settings);
}

export async function dropDatabase(settings: PostgresSettings): Promise<void> {
  // ensureDatabase checks the name; this one is the tests' own.
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(settings.database)) throw new Error(`invalid database name: ${settings.database}`);
  await admin(settings, (c) => c.query(`DROP DATABASE IF EXISTS ${settings.database} WITH (FORCE)`));
}
