import { QUEUE_IDS, type QueueId, type QueueSize } from '@casewatch/contracts';
import { Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import type { KnownTenant } from '@casewatch/tenant-settings';
import { ChildDeadlines } from '../figures/child-deadlines';
import { ProjectedFactsStore } from '../projection/projected-facts.store';
import { ProjectionQueue } from '../projection/projection-queue';
import { DEADLINE_QUEUES } from '../queues/deadline-queues';
import { QueuesService } from '../queues/queues.service';
import { LiveChannel, type LiveMessage } from './live-channel';

// The sizes last published per tenant (`{queueId}|{scope}` → size; absent = 0), shared by instances.
const SENT = (tenant: string) => `casewatch:queue-sizes:${tenant}`;
// A client's snapshot waits for the projections as GET /queues does; a full pass has just waited.
const SNAPSHOT_WAIT_MS = 5000;
const PASS_WAIT_MS = 1000;

/** Sizes by `{queueId}|{scope}`: `la` counts every item, a team or worker scope those it holds. */
type Counts = Map<string, number>;

/**
 * The sizes of the eight queues, as GET /queues/{id} lists them, for the whole tenant and for
 * each team and worker holding items: on a client's connect, and after each full pass of the
 * live figures, when a size changed.
 */
@Injectable()
export class QueueSizes {
  constructor(
    private readonly queues: QueuesService,
    private readonly childDeadlines: ChildDeadlines,
    private readonly projected: ProjectedFactsStore,
    private readonly projection: ProjectionQueue,
    private readonly channel: LiveChannel,
    private readonly redis: Redis,
  ) {}

  /**
   * The eight sizes for one scope (`la`, `team:{id}`, `worker:{id}`), in the order of QUEUE_IDS;
   * `waitMs` for the projections, before the deadline queues are read from the events.
   */
  async sizes(tenant: string, known: KnownTenant, now: number, scope: string, waitMs = SNAPSHOT_WAIT_MS): Promise<QueueSize[]> {
    const counts = await this.count(tenant, known, now, waitMs);
    return QUEUE_IDS.map((queueId) => ({ queueId, size: counts.get(`${queueId}|${scope}`) ?? 0 }));
  }

  /** Publishes every size, of every scope, that differs from the one last published. */
  async refresh(tenant: string, known: KnownTenant, now: number): Promise<void> {
    const counts = await this.count(tenant, known, now, PASS_WAIT_MS);
    const sent = await this.redis.hgetall(SENT(tenant));
    const changed: [string, number][] = [];
    for (const field of new Set([...counts.keys(), ...Object.keys(sent)])) {
      const size = counts.get(field) ?? 0;
      if (Number(sent[field] ?? 0) !== size) changed.push([field, size]);
    }
    if (changed.length === 0) return;
    await this.channel.publishMany(
      tenant,
      changed.map(([field, size]) => message(field, size)),
    );
    // Recorded after publishing: a size lost in between is published again by the next pass.
    const record = this.redis.multi();
    for (const [field, size] of changed) {
      if (size === 0) record.hdel(SENT(tenant), field);
      else record.hset(SENT(tenant), field, size);
    }
    await record.exec();
  }

  private async count(tenant: string, known: KnownTenant, now: number, waitMs: number): Promise<Counts> {
    const counts: Counts = new Map();
    const add = (queueId: string, holder: { teamId?: string | null; workerId?: string | null }) => {
      const scopes = ['la'];
      if (holder.teamId) scopes.push(`team:${holder.teamId}`);
      if (holder.workerId) scopes.push(`worker:${holder.workerId}`);
      for (const scope of scopes) counts.set(`${queueId}|${scope}`, (counts.get(`${queueId}|${scope}`) ?? 0) + 1);
    };
    for (const queueId of QUEUE_IDS) {
      if (this.queues.isAnswered(queueId)) for (const item of await this.queues.items(queueId, tenant, known, now)) add(queueId, item);
    }
    // As QueuesController answers the deadline queues: projected when caught up, else from the events.
    const deadlines = (await this.projection.caughtUp(tenant, now, waitMs))
      ? await this.projected.deadlines({ tenant, now, asAt: now, holders: true })
      : await this.childDeadlines.deadlines(tenant, known, now, now);
    for (const [queueId, matches] of Object.entries(DEADLINE_QUEUES)) {
      for (const d of deadlines) if (matches(d, now)) add(queueId, d);
    }
    return counts;
  }
}

function message(field: string, size: number): LiveMessage {
  const at = field.indexOf('|');
  return { event: 'queue', scope: field.slice(at + 1), data: { queueId: field.slice(0, at) as QueueId, size } };
}
