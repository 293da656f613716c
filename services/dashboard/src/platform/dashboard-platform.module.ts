import { HealthModule, ObservabilityModule, ReadinessRegistry } from '@casewatch/service-kit';
import { DynamicModule, Global, Module, type OnModuleInit } from '@nestjs/common';
import { CasewatchApi } from '../api/api-client';
import type { DashboardConfig } from '../config';
import { DASHBOARD_CONFIG } from './tokens';

/**
 * What the dashboard stands on: no database, Kafka or Redis, only the two APIs. `/health/ready`
 * is up when metrics and alerting answer; Prometheus at `/metrics`.
 */
@Global()
@Module({})
export class DashboardPlatformModule implements OnModuleInit {
  constructor(
    private readonly readiness: ReadinessRegistry,
    private readonly api: CasewatchApi,
  ) {}

  static forRoot(config: DashboardConfig): DynamicModule {
    return {
      module: DashboardPlatformModule,
      imports: [ObservabilityModule.forRoot('dashboard'), HealthModule],
      providers: [
        ReadinessRegistry,
        { provide: DASHBOARD_CONFIG, useValue: config },
        {
          provide: CasewatchApi,
          useValue: new CasewatchApi({
            metricsUrl: config.METRICS_URL,
            alertingUrl: config.ALERTING_URL,
            token: config.DASHBOARD_TOKEN,
            timeoutMs: config.UPSTREAM_TIMEOUT_MS,
          }),
        },
      ],
      exports: [ReadinessRegistry, DASHBOARD_CONFIG, CasewatchApi],
    };
  }

  onModuleInit(): void {
    this.readiness.add({ name: 'upstreams', check: () => this.api.upstreamsLive() });
  }
}
