import { ConsoleLogger, type DynamicModule, type INestApplication, type LogLevel, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ProblemFilter } from './http/problem.filter';
import { Prometheus } from './observability/prometheus';

export interface AppOptions {
  service: string;
  title: string;
  description: string;
  /** Largest request body accepted; beyond it the answer is 413. */
  bodyLimitBytes?: number;
  /** Content types read as text and parsed by the route (e.g. NDJSON). */
  textContentTypes?: string[];
  /** Content types parsed as JSON besides application/json. */
  jsonContentTypes?: string[];
  json?: boolean;
  logLevels?: LogLevel[];
}

/** Builds a service's Nest app on Fastify with problem+json errors, Prometheus and OpenAPI at /docs. */
export async function createApp(module: Type<unknown> | DynamicModule, options: AppOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: options.bodyLimitBytes ?? 1024 * 1024, logger: false });
  const logger = new ConsoleLogger({ prefix: options.service, json: options.json ?? false, logLevels: options.logLevels });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, { logger });
  const fastify = app.getHttpAdapter().getInstance();

  const jsonParser = fastify.getDefaultJsonParser('error', 'error');
  for (const type of options.jsonContentTypes ?? []) {
    fastify.addContentTypeParser(type, { parseAs: 'string' }, jsonParser);
  }
  for (const type of options.textContentTypes ?? []) {
    fastify.addContentTypeParser(type, { parseAs: 'string' }, (_req, body, done) => done(null, body));
  }
  const prometheus = app.get(Prometheus);
  fastify.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? 'unmatched';
    prometheus.httpRequests.observe(
      { method: req.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });

  app.useGlobalFilters(new ProblemFilter());
  setUpDocs(app, options);
  return app;
}

function setUpDocs(app: INestApplication, options: AppOptions): void {
  const config = new DocumentBuilder()
    .setTitle(options.title)
    .setDescription(options.description)
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config));
}
