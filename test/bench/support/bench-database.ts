import { Client } from 'pg';

/** Runs one statement on the server's `postgres` database (creating or dropping a bench database). */
async function onServer(sql: string): Promise<void> {
  const admin = new Client({
    host: process.env.PGHOST ?? '127.0.0.1',
    port: Number(process.env.PGPORT ?? 5432),
    user: process.env.PGUSER ?? 'postgres',
    database: 'postgres',
  });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** Drops a bench database (name of the bench's own, never user input), forcing its connections closed. */
export function dropDatabase(name: string): Promise<void> {
  if (!/^casewatch_[a-z_]+_bench[a-z_]*$/.test(name)) throw new Error(`not a bench database: ${name}`);
  return onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

/** A client of a bench database. */
export async function connectTo(name: string): Promise<Client> {
  const pg = new Client({
    host: process.env.PGHOST ?? '127.0.0.1',
    port: Number(process.env.PGPORT ?? 5432),
    user: process.env.PGUSER ?? 'postgres',
    database: name,
  });
  await pg.connect();
  return pg;
}
