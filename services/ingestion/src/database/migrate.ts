import 'reflect-metadata';
import { runMigrations } from '@casewatch/database';
import { postgresSettings, runCommand } from '@casewatch/service-kit';
import { loadIngestionConfig } from '../config';
import { ingestionDataSourceOptions } from './data-source-options';

/** `node dist/services/ingestion/src/database/migrate.js`: creates the database and applies migrations. */
runCommand('migrate', async () => {
  const config = loadIngestionConfig();
  const settings = postgresSettings(config, config.INGESTION_DB);
  const applied = await runMigrations(settings, ingestionDataSourceOptions(settings));
  return `${settings.database}: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`;
});
