import { runMigrations } from '@casewatch/database';
import { postgresSettings } from '@casewatch/service-kit';
import { TEST_ENV } from '@casewatch/testing';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { loadAlertingConfig } from '../config';
import { ALERTING_MIGRATIONS, alertingDataSourceOptions } from '../database/data-source-options';
import { SealedWebhookSecrets1765200000000 } from '../database/migrations/1765200000000-sealed-webhook-secrets';
import { DEV_WEBHOOK_SECRET_KEY, SecretBox } from './secret-box';

// A database of its own, made afresh: the migration is tested on rows stored before it.
const DB = 'casewatch_alerting_sealmigration_test';
jest.setTimeout(60_000);

describe('the migration that seals webhook secrets', () => {
  const settings = postgresSettings(loadAlertingConfig(TEST_ENV), DB);

  beforeAll(async () => {
    const admin = new Client({ host: settings.host, port: settings.port, user: settings.user, password: settings.password, database: 'postgres' });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
    await admin.end();
  });

  it('seals the secrets already stored in clear, drops the clear column, and comes back down', async () => {
    // Those before it, then it alone (later ones would come after it).
    const all = ALERTING_MIGRATIONS as (new () => unknown)[];
    const before = all.slice(0, all.indexOf(SealedWebhookSecrets1765200000000));
    await runMigrations(settings, alertingDataSourceOptions(settings, before));
    const ds = new DataSource(alertingDataSourceOptions(settings, [...before, SealedWebhookSecrets1765200000000]));
    await ds.initialize();
    try {
      await ds.query(
        `INSERT INTO subscriptions (id, tenant, channel, target, digest, secret) VALUES
           ('a', 't', 'webhook', 'http://127.0.0.1:9/a', 'none', 'clear-secret-a'),
           ('b', 't', 'webhook', 'http://127.0.0.1:9/b', 'none', NULL)`,
      );
      await ds.runMigrations({ transaction: 'each' });

      const rows: { id: string; secret_sealed: string | null; whole: string }[] = await ds.query(
        'SELECT id, secret_sealed, row_to_json(s)::text AS whole FROM subscriptions s ORDER BY id',
      );
      expect(rows.map((r) => r.whole).join()).not.toContain('clear-secret-a');
      expect(rows[1].secret_sealed).toBeNull();
      expect(new SecretBox(Buffer.from(DEV_WEBHOOK_SECRET_KEY, 'base64')).open(rows[0].secret_sealed ?? '', 'a')).toBe('clear-secret-a');
      const columns: { column_name: string }[] = await ds.query(
        `SELECT column_name FROM information_schema.columns WHERE table_name = 'subscriptions' AND column_name LIKE 'secret%'`,
      );
      expect(columns.map((c) => c.column_name)).toEqual(['secret_sealed']);

      await ds.undoLastMigration({ transaction: 'each' });
      expect(await ds.query('SELECT id, secret FROM subscriptions ORDER BY id')).toEqual([
        { id: 'a', secret: 'clear-secret-a' },
        { id: 'b', secret: null },
      ]);
    } finally {
      await ds.destroy();
    }
  });
});
