import { dropDatabase, freshDatabase, postgresOptions, runMigrations, type PostgresSettings } from '@casewatch/database';
import { DataSource } from 'typeorm';
import { CaseEventEntity } from './case-event.entity';
import { eventLogDrift } from './event-log-drift';
import { EventLog1763905000000 } from './event-log.migration';

jest.setTimeout(60_000);

const settings = (database: string): PostgresSettings => ({
  host: process.env.PGHOST ?? '127.0.0.1',
  port: Number(process.env.PGPORT ?? 5432),
  user: process.env.PGUSER ?? 'postgres',
  password: process.env.PGPASSWORD ?? '',
  database,
  poolSize: 2,
});
const options = (s: PostgresSettings) => postgresOptions(s, { entities: [CaseEventEntity], migrations: [EventLog1763905000000] });

describe('the event log migration', () => {
  const fresh = settings('casewatch_event_log_fresh_test');
  const older = settings('casewatch_event_log_older_test');

  afterAll(async () => {
    await dropDatabase(fresh);
    await dropDatabase(older);
  });

  it('makes, in a new database, a case_events table the entity has nothing to change in (no drift)', async () => {
    await freshDatabase(fresh);
    expect(await runMigrations(fresh, options(fresh))).toEqual(['EventLog1763905000000']);
    expect(await eventLogDrift(options(fresh))).toEqual([]);
  });

  it('keeps the events of a table made before it, and brings its child index to shape', async () => {
    await freshDatabase(older);
    const ds = new DataSource(options(older));
    await ds.initialize();
    try {
      // The table as alerting's earlier migrations left it: a (tenant, subject) index.
      await ds.query(
        `CREATE TABLE "case_events" ("source" text NOT NULL, "event_id" text NOT NULL, "tenant" text NOT NULL, "subject" text NOT NULL, "type" text NOT NULL, "practice_at" TIMESTAMP WITH TIME ZONE NOT NULL, "practice_date" date NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "team_id" text, "worker_id" text, "data" jsonb NOT NULL, "retracted_at" TIMESTAMP WITH TIME ZONE, "superseded_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_case_events" PRIMARY KEY ("tenant", "source", "event_id"))`,
      );
      await ds.query(`CREATE INDEX "ix_case_events_tenant_subject" ON "case_events" ("tenant", "subject")`);
      await ds.query(
        `INSERT INTO case_events (source, event_id, tenant, subject, type, practice_at, practice_date, recorded_at, data)
         VALUES ('s', 'e1', 't', 'C1', 'csc.contact.received', now(), current_date, now(), '{}')`,
      );
      expect(await eventLogDrift(options(older))).not.toEqual([]);

      await ds.runMigrations({ transaction: 'each' });

      expect(await ds.query('SELECT event_id FROM case_events')).toEqual([{ event_id: 'e1' }]);
    } finally {
      await ds.destroy();
    }
    expect(await eventLogDrift(options(older))).toEqual([]);
  });
});
