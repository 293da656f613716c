import { createApp } from '@casewatch/service-kit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AuthSettings } from '@casewatch/auth';
import { IngestionModule } from './app.module';
import type { IngestionConfig } from './config';
import { BATCH_TYPE, NDJSON_TYPE } from './events/request-body';

/** The ingestion app, ready to listen; used by main.ts and by the tests. */
export async function buildIngestionApp(config: IngestionConfig, auth?: AuthSettings): Promise<NestFastifyApplication> {
  return createApp(IngestionModule.forRoot(config, auth), {
    service: 'ingestion',
    title: 'Casewatch ingestion',
    description: 'Case events in (CloudEvents 1.0), tenants and their settings.',
    bodyLimitBytes: config.MAX_BODY_BYTES,
    jsonContentTypes: ['application/cloudevents+json', BATCH_TYPE],
    textContentTypes: [NDJSON_TYPE],
    json: config.LOG_FORMAT === 'json',
  });
}
