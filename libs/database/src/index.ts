export * from './postgres-options';
export * from './ensure-database';
export * from './run-migrations';
export * from './fresh-database';
