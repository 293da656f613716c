import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

export const REQUEST_ID_HEADER = 'x-request-id';

// Ids from a proxy or another service are kept when they look like ids; anything else (spaces,
// control characters, something long enough to flood a log line) is replaced by a fresh one.
const REQUEST_ID = /^[A-Za-z0-9._:/+=@-]{1,128}$/;

/** Fastify's `genReqId`: the caller's X-Request-Id when it is a plausible id, else a UUID. */
export function requestId(raw: IncomingMessage): string {
  const incoming = raw.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * Answers every request's id in X-Request-Id and logs one line per request: method, route
 * pattern (never the URL: path parameters and query values stay out of logs), status, duration
 * and id. Headers and bodies are never logged.
 */
export function addRequestLog(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const logger = new Logger('HTTP');
  fastify.addHook('onRequest', (req, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, req.id);
    done();
  });
  fastify.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? '(no route)';
    logger.log(`${req.method} ${route} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)} ms request ${req.id}`);
    done();
  });
}
