import { postgresOptions, type PostgresSettings } from '@casewatch/database';
import type { DataSourceOptions } from 'typeorm';

// Projections and their migrations arrive with the alerting issue; the database exists from the start.
export function alertingDataSourceOptions(settings: PostgresSettings): DataSourceOptions {
  return postgresOptions(settings, { entities: [], migrations: [] });
}
