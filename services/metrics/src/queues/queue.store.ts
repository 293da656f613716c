import { timestampText } from '@casewatch/service-kit';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The open items of the queues the event store can answer on its own, oldest first. */
export type StoreQueueId = 'contacts-awaiting-decision' | 'referrals-awaiting-allocation' | 'assessments-open';

const KNOWN = (a: string) => `${a}.retracted_at IS NULL AND ${a}.superseded_at IS NULL`;

// The child's allocation now: the latest worker.allocated / worker.unallocated by practice time.
const ALLOCATION = `
  SELECT DISTINCT ON (a.subject) a.subject, a.type, a.data->>'teamId' AS team_id, a.data->>'workerId' AS worker_id
  FROM case_events a
  WHERE a.tenant = $1 AND a.type IN ('csc.worker.allocated', 'csc.worker.unallocated') AND ${KNOWN('a')}
  ORDER BY a.subject, a.practice_at DESC, a.recorded_at DESC`;

/** An item that started (`start` type) and has no closing event with the same key. */
function openItems(start: string, ends: string[], key: string): string {
  return `
  SELECT s.subject, s.practice_at AS since, s.data AS data, s.source || ' ' || s.event_id AS item
  FROM case_events s
  WHERE s.tenant = $1 AND s.type = '${start}' AND ${KNOWN('s')}
    AND NOT EXISTS (
      SELECT 1 FROM case_events e
      WHERE e.tenant = s.tenant AND e.subject = s.subject AND e.type IN (${ends.map((t) => `'${t}'`).join(', ')})
        AND e.data->>'${key}' = s.data->>'${key}' AND ${KNOWN('e')})`;
}

const QUEUE_SQL: Record<StoreQueueId, string> = {
  'contacts-awaiting-decision': `
    WITH open AS (${openItems('csc.contact.received', ['csc.contact.decided'], 'contactId')}), alloc AS (${ALLOCATION})
    SELECT o.subject, o.since, o.item, NULL::text AS referral_date,
           CASE WHEN a.type = 'csc.worker.allocated' THEN a.team_id END AS team_id,
           CASE WHEN a.type = 'csc.worker.allocated' THEN a.worker_id END AS worker_id
    FROM open o LEFT JOIN alloc a USING (subject)`,
  'referrals-awaiting-allocation': `
    WITH open AS (${openItems('csc.referral.received', ['csc.referral.closed'], 'referralId')}), alloc AS (${ALLOCATION})
    SELECT o.subject, min(o.since) AS since, '' AS item, NULL::text AS referral_date, NULL::text AS team_id, NULL::text AS worker_id
    FROM open o LEFT JOIN alloc a USING (subject)
    WHERE a.type IS DISTINCT FROM 'csc.worker.allocated'
    GROUP BY o.subject`,
  'assessments-open': `
    WITH open AS (${openItems('csc.assessment.started', ['csc.assessment.completed'], 'assessmentId')}), alloc AS (${ALLOCATION})
    SELECT o.subject, o.since, o.item,
           (SELECT to_char(r.practice_date, 'YYYY-MM-DD') FROM case_events r
             WHERE r.tenant = $1 AND r.subject = o.subject AND r.type = 'csc.referral.received'
               AND r.data->>'referralId' = o.data->>'referralId' AND ${KNOWN('r')} LIMIT 1) AS referral_date,
           CASE WHEN a.type = 'csc.worker.allocated' THEN a.team_id END AS team_id,
           CASE WHEN a.type = 'csc.worker.allocated' THEN a.worker_id END AS worker_id
    FROM open o LEFT JOIN alloc a USING (subject)`,
};

/** A queue the event store answers on its own (the others come from the children's deadlines). */
export const isStoreQueue = (queueId: string): queueId is StoreQueueId => queueId in QUEUE_SQL;

/** A queue item as stored: its child, since when, its event (`source event_id`), and who holds the child now. */
export interface QueueRow {
  subject: string;
  since: Date;
  /** `since` to the microsecond: the first part of the sort key. */
  since_key: string;
  item: string;
  referral_date: string | null;
  team_id: string | null;
  worker_id: string | null;
}

/** The queues answered from case_events: the open contacts, referrals and assessments. */
@Injectable()
export class QueueStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Oldest first by (since, subject, item), after `page.after`; `page.limit` rows, or all for null. */
  page(queueId: StoreQueueId, tenant: string, page: { limit: number | null; after?: [string, string, string] }): Promise<QueueRow[]> {
    const after = page.after ?? [null, null, null];
    return this.dataSource.query(queuePageSql(queueId), [tenant, ...after, page.limit]);
  }
}

/**
 * A page of a queue: oldest first, by (since, subject, item), from after the last key given
 * ($2–$4, or NULLs for the first page), $5 rows. `since_key` is `since` to the microsecond.
 */
function queuePageSql(queueId: StoreQueueId): string {
  const since = `q.since`;
  return `
    SELECT q.*, ${timestampText(since)} AS since_key FROM (${QUEUE_SQL[queueId]}) q
    WHERE $2::timestamptz IS NULL OR ${since} > $2::timestamptz
      OR (${since} = $2::timestamptz AND (q.subject COLLATE "C" > $3 OR (q.subject = $3 AND q.item COLLATE "C" > $4)))
    ORDER BY ${since}, q.subject COLLATE "C", q.item COLLATE "C" LIMIT $5`;
}
