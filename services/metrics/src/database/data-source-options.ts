import { postgresOptions, type PostgresSettings } from '@casewatch/database';
import type { DataSourceOptions } from 'typeorm';

// Projections and their migrations arrive with the metrics issue; the database exists from the start.
export function metricsDataSourceOptions(settings: PostgresSettings): DataSourceOptions {
  return postgresOptions(settings, { entities: [], migrations: [] });
}
