import { metricKey, TOPICS, type MetricValue } from '@casewatch/contracts';
import { BatchingPublisher } from '@casewatch/kafka';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { METRIC_CATALOGUE } from '../catalogue/metric-catalogue';
import { resolvePeriod } from '../catalogue/periods';
import { FiguresService } from '../figures/figures.service';
import { QUEUE_SQL, type StoreQueueId } from '../queues/queue-sql';
import { QueuesService } from '../queues/queues.service';
import { CaseEventsConsumer, TenantSettingsRepository, type AfterApply, type AppliedBatch, type EventRow } from '@casewatch/event-store';
import type { MetricsConfig } from '../config';
import { METRICS_CONFIG } from '../platform/tokens';
import { HotFigures } from './hot-figures';
import { LiveChannel } from './live-channel';

const RECOMPUTE_MS = 200;
// Recomputing takes at most about a fifth of the time, however long a pass takes (a replay of
// millions of events must not spend itself on figures nobody is watching change).
const BUSY_FACTOR = 4;
// Deadlines fall due with time, not only with events: recompute at least this often.
const REFRESH_MS = 30_000;
// Further behind than this (messages summed over partitions), the service is replaying or
// catching up: figures wait until it has, rather than slowing it down.
const CATCHING_UP_LAG = 5000;
const LAG_MEMORY_MS = 10_000;

/**
 * After events are applied, recomputes the tenant's current figures (at most every 200 ms per
 * tenant), keeps them hot for `current` answers, and sends the values that changed to
 * csc.metrics.v1 and to the SSE stream. On start it rebuilds every tenant's hot figures.
 */
@Injectable()
export class LiveFiguresService implements OnApplicationBootstrap, OnApplicationShutdown, AfterApply {
  private readonly logger = new Logger(LiveFiguresService.name);
  private readonly dirty = new Set<string>();
  private readonly last = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private refresher: NodeJS.Timeout | undefined;
  private stopping = false;

  constructor(
    private readonly figures: FiguresService,
    private readonly queues: QueuesService,
    private readonly tenants: TenantSettingsRepository,
    private readonly publisher: BatchingPublisher,
    private readonly channel: LiveChannel,
    private readonly hot: HotFigures,
    @Inject(METRICS_CONFIG) private readonly config: MetricsConfig,
    consumer: CaseEventsConsumer,
  ) {
    consumer.onApplied(this);
  }

  private readonly lags = new Map<number, { lag: number; at: number }>();

  applied(tenants: Set<string>, _rows: EventRow[], batch: AppliedBatch): void {
    const now = Date.now();
    this.lags.set(batch.partition, { lag: batch.lag, at: now });
    let behind = 0;
    // A partition not heard of for a while is caught up or no longer ours.
    for (const { lag, at } of this.lags.values()) if (now - at < LAG_MEMORY_MS) behind += lag;
    if (behind <= CATCHING_UP_LAG) this.changed(tenants);
    else for (const t of tenants) this.dirty.add(t);
  }

  private lastPassMs = 0;

  changed(tenants: Iterable<string>): void {
    for (const t of tenants) this.dirty.add(t);
    if (!this.timer && !this.stopping) {
      const wait = Math.max(RECOMPUTE_MS, this.lastPassMs * BUSY_FACTOR);
      this.timer = setTimeout(() => (this.running = this.flush()), wait);
      this.timer.unref();
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.METRICS_WARM_ON_START) this.changed(await this.tenants.tenants());
    this.refresher = setInterval(() => this.changed(this.hot.tenants()), REFRESH_MS);
    this.refresher.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    // A pass over a large tenant takes a while: stop between metrics, keep nothing half-sent.
    this.stopping = true;
    clearInterval(this.refresher);
    clearTimeout(this.timer);
    await this.running;
  }

  private async flush(): Promise<void> {
    const tenants = [...this.dirty];
    this.dirty.clear();
    const started = Date.now();
    try {
      for (const tenant of tenants) if (!this.stopping) await this.recompute(tenant);
    } catch (err) {
      this.logger.warn(`live figures not sent: ${(err as Error).message}`);
      for (const t of tenants) this.dirty.add(t);
    } finally {
      this.lastPassMs = Date.now() - started;
      this.timer = undefined;
      if (this.dirty.size > 0) this.changed([]);
    }
  }

  private async recompute(tenant: string): Promise<void> {
    const known = await this.tenants.get(tenant);
    if (!known) return;
    const now = Date.now();
    const period = resolvePeriod('current', now);
    if (!period) return;
    const changed: MetricValue[] = [];
    const items: MetricValue[] = [];
    for (const def of METRIC_CATALOGUE) {
      if (this.stopping) return;
      const value = await this.figures.metricValue(def, tenant, known, period, now, now);
      items.push(value);
      const key = metricKey(tenant, def.id, 'la', period.label);
      const { asOf, ...comparable } = value;
      const fingerprint = JSON.stringify(comparable);
      if (this.last.get(key) === fingerprint) continue;
      this.last.set(key, fingerprint);
      changed.push(value);
    }
    await this.hot.put(tenant, { period: period.label, asOf: new Date(now).toISOString(), settingsVersion: known.updatedAt, items });
    if (changed.length > 0) {
      await this.publisher.publish(
        TOPICS.metrics,
        changed.map((v) => ({ key: metricKey(tenant, v.metricId, v.scope, v.period), value: JSON.stringify({ ...v, tenant }) })),
      );
      for (const v of changed) await this.channel.publish(tenant, { event: 'metric', data: v });
    }
    for (const queueId of Object.keys(QUEUE_SQL) as StoreQueueId[]) {
      const size = (await this.queues.items(queueId, tenant, known, now)).length;
      const key = `${tenant}:queue:${queueId}`;
      if (this.last.get(key) === String(size)) continue;
      this.last.set(key, String(size));
      await this.channel.publish(tenant, { event: 'queue', data: { queueId, size } });
    }
  }
}
