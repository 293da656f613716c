import type { DataSourceOptions } from 'typeorm';
import { QueryErrorLogger } from './query-error-logger';

export interface PostgresSettings {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  poolSize: number;
}

/** TypeORM options for one service's database. Schema changes only ever come from migrations. */
export function postgresOptions(
  settings: PostgresSettings,
  parts: { entities: DataSourceOptions['entities']; migrations: DataSourceOptions['migrations'] },
): DataSourceOptions {
  return {
    type: 'postgres',
    host: settings.host,
    port: settings.port,
    username: settings.user,
    password: settings.password,
    database: settings.database,
    entities: parts.entities,
    migrations: parts.migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    logging: ['error', 'warn'],
    logger: new QueryErrorLogger(),
    // JIT compilation costs a third of a second per query and pays off only on analytical scans far
    // longer than ours.
    extra: { max: settings.poolSize, connectionTimeoutMillis: 5000, options: '-c jit=off' },
  };
}
