import { AuthModule, type AuthSettings } from '@casewatch/auth';
import { authSettings, PlatformModule, postgresSettings } from '@casewatch/service-kit';
import { DynamicModule, Module } from '@nestjs/common';
import type { MetricsConfig } from './config';
import { metricsDataSourceOptions } from './database/data-source-options';
import { CaseEventsConsumer } from './event-store/case-events.consumer';
import { EventStoreWriter } from './event-store/event-store.writer';
import { METRICS_CONFIG } from './platform/tokens';

@Module({})
export class MetricsModule {
  static forRoot(config: MetricsConfig, auth: AuthSettings = authSettings(config)): DynamicModule {
    return {
      module: MetricsModule,
      imports: [
        PlatformModule.forRoot({
          service: 'metrics',
          env: config,
          dataSource: metricsDataSourceOptions(postgresSettings(config, config.METRICS_DB)),
        }),
        AuthModule.forRoot(auth),
      ],
      providers: [{ provide: METRICS_CONFIG, useValue: config }, EventStoreWriter, CaseEventsConsumer],
    };
  }
}
