import type { QueueItem } from '@casewatch/contracts';
import { computeDue, startOfLondonDay } from '@casewatch/timescales';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { KnownTenant } from '@casewatch/event-store';
import { QUEUE_SQL, type StoreQueueId } from './queue-sql';

interface Row {
  subject: string;
  since: Date;
  referral_date: string | null;
  team_id: string | null;
  worker_id: string | null;
}

const DAY_MS = 86_400_000;

@Injectable()
export class QueuesService {
  constructor(private readonly dataSource: DataSource) {}

  isAnswered(queueId: string): queueId is StoreQueueId {
    return queueId in QUEUE_SQL;
  }

  async items(queueId: StoreQueueId, tenant: string, known: KnownTenant, now: number): Promise<QueueItem[]> {
    const rows: Row[] = await this.dataSource.query(QUEUE_SQL[queueId], [tenant]);
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
      return item;
    });
  }
}
