export * from './case-event.entity';
export * from './applied-offset.entity';
export * from './event-rows';
export * from './event-store.writer';
