import { Client } from 'pg';
import type { PostgresSettings } from './postgres-options';

const NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Creates the service's database if it is missing (the server's own `postgres` db is the entry point). */
export async function ensureDatabase(settings: PostgresSettings): Promise<boolean> {
  if (!NAME.test(settings.database)) throw new Error(`invalid database name: ${settings.database}`);
  const client = new Client({
    host: settings.host,
    port: settings.port,
    user: settings.user,
    password: settings.password,
    database: 'postgres',
    connectionTimeoutMillis: 5000,
  });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [settings.database]);
    if (found.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${settings.database}`);
    } catch (err) {
      // Another process created it first: fine.
      if ((err as { code?: string }).code !== '42P04') throw err;
    }
    return true;
  } finally {
    await client.end();
  }
}
