import 'reflect-metadata';
import { runService } from '@casewatch/service-kit';
import { buildDashboardApp } from './bootstrap';
import { loadDashboardConfig } from './config';

runService('dashboard', async () => {
  const config = loadDashboardConfig();
  return { app: await buildDashboardApp(config), port: config.PORT, host: config.HOST };
});
