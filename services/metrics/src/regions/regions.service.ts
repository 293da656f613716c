import type { MetricValue, RegionMetric } from '@casewatch/contracts';
import { TenantSettingsStore, type KnownTenant } from '@casewatch/tenant-settings';
import { Injectable } from '@nestjs/common';
import type { MetricDefinition } from '../catalogue/metric-definition';
import type { ResolvedPeriod } from '../catalogue/periods';
import { FiguresService } from '../figures/figures.service';
import { HotFigures } from '../figures/hot-figures';
import { rankRegion } from './region-ranking';

// Tenants computed at once: PostgreSQL works on some while Node prepares others, without taking the pool.
const CONCURRENCY = 4;

export interface RegionQuery {
  region: string;
  def: MetricDefinition;
  period: ResolvedPeriod;
  now: number;
}

/** One metric over the tenants that share with a region: their values, ranked (metrics.md "Regions"). */
@Injectable()
export class RegionsService {
  constructor(
    private readonly tenants: TenantSettingsStore,
    private readonly figures: FiguresService,
    private readonly hot: HotFigures,
  ) {}

  async metric({ region, def, period, now }: RegionQuery): Promise<RegionMetric> {
    // Only the sharing tenants are read at all: the others appear nowhere in the answer.
    const sharing = await this.tenants.sharingWith(region);
    const values: (number | null)[] = new Array(sharing.length);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < sharing.length; i = next++) values[i] = (await this.value(sharing[i].tenant, sharing[i].known, def, period, now)).value;
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const ranking = rankRegion(
      sharing.map((s, i) => ({ tenant: s.tenant, name: s.known.settings.name, value: values[i] })),
      def.polarity,
    );
    return {
      metricId: def.id,
      title: def.title,
      unit: def.unit,
      polarity: def.polarity,
      period: period.label,
      region,
      ...ranking,
      asOf: new Date(now).toISOString(),
    };
  }

  /** The tenant's figure as its own `GET /metrics/{id}` gives it: hot for the running month, computed otherwise. */
  private async value(tenant: string, known: KnownTenant, def: MetricDefinition, period: ResolvedPeriod, now: number): Promise<MetricValue> {
    const hot = period.running ? await this.hot.get(tenant, period.label, known.updatedAt) : undefined;
    const cached = hot?.items.find((v) => v.metricId === def.id);
    return cached ?? this.figures.metricValue({ def, tenant, known, period, asAt: now, now, reusePrevious: true });
  }
}
