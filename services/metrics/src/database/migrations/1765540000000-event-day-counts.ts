import { DAY_COUNTS_FROM } from '@casewatch/event-store';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each recent day's events per tenant and type as known now (the event store keeps it with the
 * events: day-counts.ts), so that the live fast lane's counts read a few rows instead of a month
 * of events. Filled here from the events already stored.
 */
export class EventDayCounts1765540000000 implements MigrationInterface {
  name = 'EventDayCounts1765540000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "event_day_counts" ("tenant" text NOT NULL, "type" text NOT NULL, "day" date NOT NULL, "n" integer)`);
    await q.query(`CREATE INDEX "ix_event_day_counts" ON "event_day_counts" ("tenant", "type", "day")`);
    await q.query(
      `INSERT INTO event_day_counts (tenant, type, day, n)
       SELECT tenant, type, practice_date,
         CASE WHEN bool_or(recorded_at > now() OR retracted_at > now() OR superseded_at > now()) THEN NULL
           ELSE count(*) FILTER (WHERE retracted_at IS NULL AND superseded_at IS NULL)::int END
       FROM case_events WHERE practice_date >= ${DAY_COUNTS_FROM} GROUP BY tenant, type, practice_date`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "event_day_counts"`);
  }
}
