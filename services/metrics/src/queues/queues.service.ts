import type { QueueItem } from '@casewatch/contracts';
import { computeDue, startOfLondonDay } from '@casewatch/timescales';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { KnownTenant } from '@casewatch/tenant-settings';
import { QUEUE_SQL, queuePageSql, type StoreQueueId } from './queue-sql';

interface Row {
  subject: string;
  since: Date;
  since_key: string;
  item: string;
  referral_date: string | null;
  team_id: string | null;
  worker_id: string | null;
}

/** A queue item with its sort key (since to the microsecond, subject, the item's event). */
export interface KeyedQueueItem {
  item: QueueItem;
  key: [string, string, string];
}

export interface QueuePage {
  /** Rows to read; null for all. */
  limit: number | null;
  after?: [string, string, string];
}

const DAY_MS = 86_400_000;

@Injectable()
export class QueuesService {
  constructor(private readonly dataSource: DataSource) {}

  isAnswered(queueId: string): queueId is StoreQueueId {
    return queueId in QUEUE_SQL;
  }

  /** The whole queue (its size for the live stream). */
  async items(queueId: StoreQueueId, tenant: string, known: KnownTenant, now: number): Promise<QueueItem[]> {
    return (await this.page(queueId, tenant, known, now, { limit: null })).map((k) => k.item);
  }

  /** Oldest first, after `page.after`. */
  async page(queueId: StoreQueueId, tenant: string, known: KnownTenant, now: number, page: QueuePage): Promise<KeyedQueueItem[]> {
    const after = page.after ?? [null, null, null];
    const rows: Row[] = await this.dataSource.query(queuePageSql(queueId), [tenant, ...after, page.limit]);
    // Assessments are due 45 working days (Wales: 42) after the referral (timescales.md).
    const limit = { n: known.settings.nation === 'wales' ? 42 : 45, unit: 'working-days' as const };
    return rows.map((r) => {
      const since = r.since.getTime();
      const item: QueueItem = {
        subject: r.subject,
        since: new Date(since).toISOString(),
        ageDays: Math.max(0, Math.floor((now - since) / DAY_MS)),
      };
      if (r.referral_date) {
        item.due = new Date(computeDue(startOfLondonDay(r.referral_date), limit, known.calendar).dueAt).toISOString();
      }
      if (r.team_id) item.teamId = r.team_id;
      if (r.worker_id) item.workerId = r.worker_id;
      return { item, key: [r.since_key, r.subject, r.item] };
    });
  }
}
