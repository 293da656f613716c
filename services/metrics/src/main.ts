import 'reflect-metadata';
import { runService } from '@casewatch/service-kit';
import { buildMetricsApp } from './bootstrap';
import { loadMetricsConfig } from './config';

runService('metrics', async () => {
  const config = loadMetricsConfig();
  return { app: await buildMetricsApp(config), port: config.PORT, host: config.HOST };
});
