import 'reflect-metadata';
import { setFlagsFromString } from 'node:v8';
import { runService } from '@casewatch/service-kit';
import { buildIngestionApp } from './bootstrap';
import { loadIngestionConfig } from './config';

// An import's live heap stays near 60 MB, but V8's default growth let the old space reach ~260 MB
// between full collections (RSS 420 MB). Doubling at most (and 16 MB semi-spaces, set where the
// service is started) keeps it near 265 MB for ~7 % of the import's time (bench:import).
setFlagsFromString('--heap-growing-percent=100');

runService('ingestion', async () => {
  const config = loadIngestionConfig();
  return { app: await buildIngestionApp(config), port: config.PORT, host: config.HOST };
});
