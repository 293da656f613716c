import { describeOwnedTable } from '@casewatch/testing';
import { CaseEventEntity } from './case-event.entity';
import { EventLog1763905000000 } from './event-log.migration';

jest.setTimeout(60_000);

describeOwnedTable({
  table: 'case_events',
  entity: CaseEventEntity,
  migration: EventLog1763905000000,
  // As alerting's earlier migrations left it: a (tenant, subject) index, which the migration brings to (tenant, subject, type).
  older: [
    `CREATE TABLE "case_events" ("source" text NOT NULL, "event_id" text NOT NULL, "tenant" text NOT NULL, "subject" text NOT NULL, "type" text NOT NULL, "practice_at" TIMESTAMP WITH TIME ZONE NOT NULL, "practice_date" date NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "team_id" text, "worker_id" text, "data" jsonb NOT NULL, "retracted_at" TIMESTAMP WITH TIME ZONE, "superseded_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_case_events" PRIMARY KEY ("tenant", "source", "event_id"))`,
    `CREATE INDEX "ix_case_events_tenant_subject" ON "case_events" ("tenant", "subject")`,
    `INSERT INTO case_events (source, event_id, tenant, subject, type, practice_at, practice_date, recorded_at, data)
     VALUES ('s', 'e1', 't', 'C1', 'csc.contact.received', now(), current_date, now(), '{}')`,
  ],
  kept: {
    sql: `SELECT (SELECT array_agg(event_id) FROM case_events) AS events, (SELECT array_agg(indexname::text ORDER BY indexname) FROM pg_indexes WHERE tablename = 'case_events') AS indexes`,
    rows: [{ events: ['e1'], indexes: ['ix_case_events_tenant_subject_type', 'pk_case_events'] }],
  },
});
