import 'reflect-metadata';
import { runService } from '@casewatch/service-kit';
import { buildIngestionApp } from './bootstrap';
import { loadIngestionConfig } from './config';

runService('ingestion', async () => {
  const config = loadIngestionConfig();
  return { app: await buildIngestionApp(config), port: config.PORT, host: config.HOST };
});
