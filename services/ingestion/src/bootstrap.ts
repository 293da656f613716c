import fastifyMultipart from '@fastify/multipart';
import { createApp, httpOptions } from '@casewatch/service-kit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AuthSettings } from '@casewatch/auth';
import { IngestionModule } from './app.module';
import type { IngestionConfig } from './config';
import { BATCH_TYPE, NDJSON_TYPE } from './events/request-body';

/** The ingestion app, ready to listen; used by main.ts and by the tests. */
export async function buildIngestionApp(config: IngestionConfig, auth?: AuthSettings): Promise<NestFastifyApplication> {
  const app = await createApp(IngestionModule.forRoot(config, auth), {
    service: 'ingestion',
    title: 'Casewatch ingestion',
    description: 'Case events in (CloudEvents 1.0), DfE return imports, tenants and their settings.',
    bodyLimitBytes: config.MAX_BODY_BYTES,
    jsonContentTypes: ['application/cloudevents+json', BATCH_TYPE],
    textContentTypes: [NDJSON_TYPE],
    ...httpOptions(config),
  });
  // Imports and comparators stream: multipart files and an XML or CSV body reach the route unread.
  const fastify = app.getHttpAdapter().getInstance();
  // Nest pins its own fastify patch release, so the plugin's types name another copy: same API.
  await fastify.register(fastifyMultipart as unknown as Parameters<typeof fastify.register>[0], {
    limits: { fileSize: config.IMPORT_MAX_FILE_BYTES, files: 20, fields: 20, parts: 40 },
  });
  fastify.addContentTypeParser(['application/xml', 'text/xml', 'text/csv'], (_req, payload, done) => done(null, payload));
  return app;
}
