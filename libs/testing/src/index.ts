export * from './test-env';
export * from './topic-reader';
export * from './scenario';
export * from './event-log-suite';
export * from './feature-folders';
export * from './poisoned-partition-suite';
export * from './owned-table-suite';
export * from './shared-data';
