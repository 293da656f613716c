import 'reflect-metadata';
import { runMigrations } from '@casewatch/database';
import { postgresSettings, runCommand } from '@casewatch/service-kit';
import { loadMetricsConfig } from '../config';
import { metricsDataSourceOptions } from './data-source-options';

runCommand('migrate', async () => {
  const config = loadMetricsConfig();
  const settings = postgresSettings(config, config.METRICS_DB);
  const applied = await runMigrations(settings, metricsDataSourceOptions(settings));
  return `${settings.database}: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`;
});
