import { Client } from 'pg';
import { ensureDatabase } from './ensure-database';

const settings = {
  host: process.env.PGHOST ?? '127.0.0.1',
  port: Number(process.env.PGPORT ?? 5432),
  user: process.env.PGUSER ?? 'postgres',
  password: process.env.PGPASSWORD ?? '',
  poolSize: 1,
};

describe('ensureDatabase', () => {
  const name = `casewatch_ensure_${Date.now()}`;

  afterAll(async () => {
    const client = new Client({ ...settings, database: 'postgres' });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name}`);
    await client.end();
  });

  it('creates a missing database once, and refuses a name that is not an identifier', async () => {
    expect(await ensureDatabase({ ...settings, database: name })).toBe(true);
    expect(await ensureDatabase({ ...settings, database: name })).toBe(false);
    await expect(ensureDatabase({ ...settings, database: 'x; DROP TABLE y' })).rejects.toThrow('invalid database name');
  });
});
