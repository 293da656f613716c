// Following the case events and tenants: the consumers and the pipeline they run (follower/), and
// what stores the events (store/). Tenant settings and rules are @casewatch/tenant-settings'.
export * from './steps';
export * from './event-store.module';
export * from './follower/follower-options';
export * from './follower/event-pipeline';
export * from './follower/case-events.consumer';
export * from './follower/tenants.consumer';
export * from './store/applied-offset.entity';
export * from './store/applied-offsets.migration';
export * from './store/event-rows';
export * from './store/event-store.writer';
export * from './store/store-statistics';
export * from './store/case-event-json';
export * from './store/child-queue.store';
export * from './store/unusable-content';
export * from './store/copy-rows';
export * from './store/day-counts';
