import { Injectable } from '@nestjs/common';
import type { KnownTenant } from '@casewatch/event-store';
import { QUEUE_SQL, type StoreQueueId } from '../queues/queue-sql';
import { QueuesService } from '../queues/queues.service';
import { LiveChannel } from './live-channel';

/** Queue sizes for the SSE stream: sent when a size changes, after each full pass of a tenant. */
@Injectable()
export class QueueSizes {
  private readonly last = new Map<string, string>();

  constructor(
    private readonly queues: QueuesService,
    private readonly channel: LiveChannel,
  ) {}

  async refresh(tenant: string, known: KnownTenant, now: number): Promise<void> {
    for (const queueId of Object.keys(QUEUE_SQL) as StoreQueueId[]) {
      const size = (await this.queues.items(queueId, tenant, known, now)).length;
      const key = `${tenant}:queue:${queueId}`;
      if (this.last.get(key) === String(size)) continue;
      this.last.set(key, String(size));
      await this.channel.publish(tenant, { event: 'queue', data: { queueId, size } });
    }
  }
}
