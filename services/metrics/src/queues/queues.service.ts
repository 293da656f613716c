import type { QueueItem } from '@casewatch/contracts';
import { computeDue, startOfLondonDay } from '@casewatch/timescales';
import { Injectable } from '@nestjs/common';
import type { KnownTenant } from '@casewatch/tenant-settings';
import { isStoreQueue, QueueStore, type StoreQueueId } from './queue.store';

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

/** One queue of a tenant, with its ages and due dates as of `now`. */
export interface QueueOf {
  queueId: StoreQueueId;
  tenant: string;
  known: KnownTenant;
  now: number;
}

@Injectable()
export class QueuesService {
  constructor(private readonly store: QueueStore) {}

  isAnswered(queueId: string): queueId is StoreQueueId {
    return isStoreQueue(queueId);
  }

  /** The whole queue (its size for the live stream). */
  async items(queueId: StoreQueueId, tenant: string, known: KnownTenant, now: number): Promise<QueueItem[]> {
    return (await this.page({ queueId, tenant, known, now }, { limit: null })).map((k) => k.item);
  }

  /** Oldest first, after `page.after`. */
  async page({ queueId, tenant, known, now }: QueueOf, page: QueuePage): Promise<KeyedQueueItem[]> {
    const rows = await this.store.page(queueId, tenant, page);
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
