import 'reflect-metadata';
import { runMigrations } from '@casewatch/database';
import { postgresSettings, runCommand } from '@casewatch/service-kit';
import { loadAlertingConfig } from '../config';
import { alertingDataSourceOptions } from './data-source-options';

runCommand('migrate', async () => {
  const config = loadAlertingConfig();
  const settings = postgresSettings(config, config.ALERTING_DB);
  const applied = await runMigrations(settings, alertingDataSourceOptions(settings));
  return `${settings.database}: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`;
});
