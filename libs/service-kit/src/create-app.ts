import { ConsoleLogger, type DynamicModule, type INestApplication, type LogLevel, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ProblemFilter } from './http/problem.filter';
import { addRateLimit } from './http/rate-limit';
import { addRequestChecks, clientErrorAsProblem, frameworkErrorsAsProblems } from './http/request-boundary';
import { addRequestLog, requestId } from './http/request-log';
import { MAX_PARAM_LENGTH } from './http/request-target';
import { addUtf8BodyParsers } from './http/utf8-body';
import { Prometheus } from './observability/prometheus';
import { finishDocument, OPENAPI_VERSION } from './openapi';

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
  /** Requests a minute per bearer token (see http/rate-limit); 0 or unset: no limit. */
  rateLimitPerMinute?: number;
}

/**
 * Builds a service's Nest app on Fastify: every refusal a problem+json (bad URLs, headers and
 * bodies included, before any route sees them), strict UTF-8 bodies, a rate limit per token,
 * request ids and one log line per request, Prometheus and OpenAPI at /docs.
 */
export async function createApp(module: Type<unknown> | DynamicModule, options: AppOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: options.bodyLimitBytes ?? 1024 * 1024,
    logger: false,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    genReqId: requestId,
    frameworkErrors: frameworkErrorsAsProblems,
    clientErrorHandler: clientErrorAsProblem,
  });
  const logger = new ConsoleLogger({ prefix: options.service, json: options.json ?? false, logLevels: options.logLevels });
  // Nest's own body parsers decode with U+FFFD; addUtf8BodyParsers registers strict ones.
  // abortOnError off: a failing call (a test's inject after a timed-out start) throws to its caller
  // instead of Nest exiting the process (a whole Jest run, in CI); main.ts still exits on a failed start.
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, { logger, bodyParser: false, abortOnError: false });
  const fastify = app.getHttpAdapter().getInstance();

  addUtf8BodyParsers(app, options.jsonContentTypes ?? [], options.textContentTypes ?? []);
  // In this order: the id first, so that every answer (a refusal too) carries it.
  addRequestLog(app);
  addRequestChecks(app);
  await addRateLimit(app, options.rateLimitPerMinute ?? 0);

  const prometheus = app.get(Prometheus);
  fastify.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? 'unmatched';
    prometheus.httpRequests.observe({ method: req.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    done();
  });

  app.useGlobalFilters(new ProblemFilter());
  setUpDocs(app, options);
  return app;
}

/** OpenAPI 3.1 at /docs-json (pages at /docs), its schemas those of contracts/ (openapi/). */
function setUpDocs(app: INestApplication, options: AppOptions): void {
  const config = new DocumentBuilder()
    .setOpenAPIVersion(OPENAPI_VERSION)
    .setTitle(options.title)
    .setDescription(options.description)
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => finishDocument(SwaggerModule.createDocument(app, config)));
}
