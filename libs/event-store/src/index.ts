// The case_events table is the event log's; re-exported for code that imports it from here.
export { CaseEventEntity, CaseEventsPerTenant1765000000000 } from '@casewatch/event-log';
export * from './applied-offset.entity';
export * from './event-rows';
export * from './event-store.writer';
export * from './follower-options';
export * from './tenant-settings.entity';
export * from './tenant-settings.repository';
export * from './tenants.consumer';
export * from './case-events.consumer';
export * from './event-store.module';
export * from './event-pipeline';
export * from './store-statistics';
export * from './case-event-json';
export * from './rules-version';
export * from './tenant-rules';
export * from './child-queue';
export * from './unusable-content';
