export * from './kafka-client';
export * from './topics';
export * from './batching-publisher';
export * from './kafka-health';
export * from './batch-consumer';
export * from './read-json';
