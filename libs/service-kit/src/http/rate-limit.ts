import { createHash } from 'node:crypto';
import fastifyRateLimit from '@fastify/rate-limit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';

// Probes and scrapes are never limited: a 429 there would read as an outage.
const UNLIMITED_ROUTES = new Set(['/health/live', '/health/ready', '/metrics']);

/**
 * Requests per minute per bearer token (per client address without one), counted in this process
 * in Fastify's onRequest, before the body is read. Beyond it: 429 problem with Retry-After.
 */
export async function addRateLimit(app: NestFastifyApplication, perMinute: number): Promise<void> {
  if (perMinute <= 0) return;
  // Nest pins its own fastify patch release, so the plugin's types name another copy: same API.
  await app.register(fastifyRateLimit as unknown as Parameters<NestFastifyApplication['register']>[0], {
    max: perMinute,
    timeWindow: 60_000,
    keyGenerator: rateLimitKey,
    allowList: (req: FastifyRequest) => UNLIMITED_ROUTES.has(req.routeOptions.url ?? ''),
    errorResponseBuilder: (_req: FastifyRequest, context: { statusCode: number; max: number; after: string }) =>
      Object.assign(new Error(`more than ${context.max} requests a minute with this token; retry in ${context.after}`), {
        statusCode: context.statusCode,
      }),
  });
}

/** The token's hash (the token itself is never kept or logged), or the client's address. */
export function rateLimitKey(req: FastifyRequest): string {
  const header = req.headers.authorization;
  const token = typeof header === 'string' ? /^Bearer\s+(\S+)/i.exec(header)?.[1] : undefined;
  return token ? `token:${createHash('sha256').update(token).digest('base64url')}` : `ip:${req.ip}`;
}
