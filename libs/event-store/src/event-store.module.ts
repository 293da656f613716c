import { DynamicModule, Module } from '@nestjs/common';
import { CaseEventsConsumer } from './case-events.consumer';
import { EventPipelineSteps } from './event-pipeline';
import { EventStoreWriter } from './event-store.writer';
import { StoreStatistics } from './store-statistics';
import { FOLLOWER_OPTIONS, type FollowerOptions } from './follower-options';
import { TenantSettingsRepository } from './tenant-settings.repository';
import { TenantRules } from './tenant-rules';
import { TenantsConsumer } from './tenants.consumer';

/**
 * Follows csc.case-events.v1 into the service's event store and csc.tenants.v1 into its tenant
 * settings, then through the service's pipeline: options.pipeline lists, stage by stage and in
 * order, the service's steps (no component registers itself).
 */
@Module({})
export class EventStoreModule {
  static forRoot(options: FollowerOptions): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [
        { provide: FOLLOWER_OPTIONS, useValue: { ...options } },
        EventStoreWriter,
        StoreStatistics,
        EventPipelineSteps,
        CaseEventsConsumer,
        TenantSettingsRepository,
        TenantRules,
        TenantsConsumer,
      ],
      exports: [TenantSettingsRepository, TenantRules, EventStoreWriter, CaseEventsConsumer, TenantsConsumer, EventPipelineSteps],
    };
  }
}
