export * from './case-event.entity';
export * from './event-log.migration';
export * from './history/1765000000000-case-events-per-tenant';
