import 'reflect-metadata';
import { runService } from '@casewatch/service-kit';
import { buildAlertingApp } from './bootstrap';
import { loadAlertingConfig } from './config';

runService('alerting', async () => {
  const config = loadAlertingConfig();
  return { app: await buildAlertingApp(config), port: config.PORT, host: config.HOST };
});
