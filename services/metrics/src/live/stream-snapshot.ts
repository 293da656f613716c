import type { MetricValue } from '@casewatch/contracts';
import { Injectable } from '@nestjs/common';
import type { KnownTenant } from '@casewatch/tenant-settings';
import { METRIC_CATALOGUE } from '../catalogue/metric-catalogue';
import type { ResolvedPeriod } from '../catalogue/periods';
import type { Scope } from '../catalogue/figure-query.model';
import { FiguresService } from '../figures/figures.service';
import { HotFigures } from '../figures/hot-figures';
import { ProjectionQueue } from '../projection/projection-queue';
import { QueueSizes } from './queue-sizes';

export interface SnapshotMessage {
  event: 'metric' | 'queue';
  /** JSON text. */
  data: string;
}

// A few figures at once, as GET /metrics: PostgreSQL answers one while Node prepares another.
const CONCURRENCY = 3;
// How long the snapshot waits, once, for the projections to take in what was stored before it;
// then every figure and queue is counted from the events (slower at scale, never stale).
const PROJECTION_WAIT_MS = 5000;

/**
 * What a client is sent on connect: every catalogue metric for its period and scope (the hot
 * copy for the running month of the whole tenant, when fresh) and the sizes of the eight queues
 * for its scope.
 */
@Injectable()
export class StreamSnapshot {
  constructor(
    private readonly figures: FiguresService,
    private readonly hot: HotFigures,
    private readonly queueSizes: QueueSizes,
    private readonly projection: ProjectionQueue,
  ) {}

  async messages(tenant: string, known: KnownTenant, period: ResolvedPeriod, scope: Scope, now: number): Promise<SnapshotMessage[]> {
    // Waited for once, not by each figure: while the projections lag, 50 waits add up to minutes.
    await this.projection.caughtUp(tenant, now, PROJECTION_WAIT_MS);
    const [metrics, queues] = await Promise.all([
      this.metrics(tenant, known, period, scope, now),
      this.queueSizes.sizes(tenant, known, now, scopeText(scope), 0),
    ]);
    return [
      ...metrics.map((v) => ({ event: 'metric' as const, data: JSON.stringify(v) })),
      ...queues.map((q) => ({ event: 'queue' as const, data: JSON.stringify(q) })),
    ];
  }

  /** Every catalogue metric for the period and scope, as known `now` (also a week's or quarter's recount). */
  async metrics(tenant: string, known: KnownTenant, period: ResolvedPeriod, scope: Scope, now: number): Promise<MetricValue[]> {
    const isHot = period.running && period.kind === 'month' && scope === undefined;
    const hot = isHot ? await this.hot.get(tenant, period.label, known.updatedAt) : undefined;
    const hotById = new Map((hot?.items ?? []).map((v) => [v.metricId, v]));
    const items: MetricValue[] = new Array(METRIC_CATALOGUE.length);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < METRIC_CATALOGUE.length; i = next++) {
        const def = METRIC_CATALOGUE[i];
        items[i] = hotById.get(def.id) ?? (await this.figures.metricValue({ def, tenant, known, period, asAt: now, now, scope, projectionWaitMs: 0 }));
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    return items;
  }
}

export function scopeText(scope: Scope): string {
  return scope ? `${scope.kind}:${scope.id}` : 'la';
}
