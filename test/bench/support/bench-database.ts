import { Client } from 'pg';
import { keepBenchData } from './bench-env';

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
  if (!/^casewatch_[a-z_]+_bench[a-z0-9_]*$/.test(name)) throw new Error(`not a bench database: ${name}`);
  return onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

/** At a bench's end: drops its database unless BENCH_KEEP keeps it; never throws (it says why). */
export async function dropUnlessKept(name: string): Promise<void> {
  if (keepBenchData()) return void process.stderr.write(`kept database ${name} (BENCH_KEEP)\n`);
  await dropDatabase(name).catch((err: Error) => process.stderr.write(`bench database ${name} not dropped: ${err.message}\n`));
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
