import { DynamicModule, Module } from '@nestjs/common';
import { CaseEventsConsumer } from './follower/case-events.consumer';
import { EventPipelineSteps } from './follower/event-pipeline';
import { EventStoreWriter } from './store/event-store.writer';
import { StoreStatistics } from './store/store-statistics';
import { FOLLOWER_OPTIONS, type FollowerOptions } from './follower/follower-options';
import { TenantRules, TenantSettingsStore } from '@casewatch/tenant-settings';
import { TenantsConsumer } from './follower/tenants.consumer';

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
        TenantSettingsStore,
        TenantRules,
        TenantsConsumer,
      ],
      exports: [TenantSettingsStore, TenantRules, EventStoreWriter, CaseEventsConsumer, TenantsConsumer, EventPipelineSteps],
    };
  }
}
