import { DAY_COUNTS_FROM } from '@casewatch/event-store';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CountDefinition, MetricDefinition } from '../catalogue/metric-definition';

/** A count of one event type with no condition on its data: what the day counts can answer. */
export function dayCountable(def: MetricDefinition): CountDefinition | undefined {
  const d = def.definition;
  return d.kind === 'count' && !d.events.where?.length && !d.events.whereNot?.length ? d : undefined;
}

/**
 * The live counts from `event_day_counts` (libs/event-store, day-counts.ts), which the store
 * keeps with the events: a sum over a few rows per day instead of reading the month's events.
 */
@Injectable()
export class DayCountsStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The tenant's events of `type` from `first` to `last` (practice days), as known now; undefined
   * when the days are not all kept or one must be counted from the events.
   */
  async count(tenant: string, type: string, first: string, last: string): Promise<number | undefined> {
    const [row]: { n: number; unknown: number; kept: boolean }[] = await this.dataSource.query(
      `SELECT coalesce(sum(n), 0)::int AS n, count(*) FILTER (WHERE n IS NULL)::int AS unknown, $3::date >= ${DAY_COUNTS_FROM} AS kept
       FROM event_day_counts WHERE tenant = $1 AND type = $2 AND day BETWEEN $3 AND $4`,
      [tenant, type, first, last],
    );
    return row.kept && row.unknown === 0 ? row.n : undefined;
  }

  /**
   * One row per day and type for the tenant, and none for days no longer kept; days already so
   * are left alone. Exact beside writers: the rows deleted are those the statement sees, and their
   * sums go back in with it.
   */
  async compact(tenant: string): Promise<void> {
    await this.dataSource.query(
      `WITH loose AS (SELECT type, day FROM event_day_counts WHERE tenant = $1 GROUP BY type, day HAVING count(*) > 1 OR day < ${DAY_COUNTS_FROM}),
         gone AS (DELETE FROM event_day_counts e USING loose l WHERE e.tenant = $1 AND e.type = l.type AND e.day = l.day RETURNING e.type, e.day, e.n)
       INSERT INTO event_day_counts (tenant, type, day, n)
       SELECT $1, type, day, CASE WHEN bool_and(n IS NOT NULL) THEN sum(n)::int END FROM gone
       WHERE day >= ${DAY_COUNTS_FROM} GROUP BY type, day HAVING NOT (bool_and(n IS NOT NULL) AND sum(n) = 0)`,
      [tenant],
    );
  }
}
