import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import { Prometheus } from '@casewatch/service-kit';
import { ConsoleLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { join } from 'node:path';
import { DashboardModule } from './app.module';
import type { DashboardConfig } from './config';
import { LiveHub } from './live/live-hub';
import { Pages } from './render/page';
import { PageFilter } from './render/page-filter';
import { dashboardRoot, govukFrontendDir } from './render/views';

/**
 * The dashboard app on Fastify: signed cookies (session, CSRF secret), form bodies, CSRF checks on
 * every POST, govuk-frontend's compiled CSS/JS/fonts and our own at /assets, HTML error pages.
 */
export async function buildDashboardApp(config: DashboardConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: 64 * 1024, logger: false, trustProxy: config.production });
  const logger = new ConsoleLogger({ prefix: 'dashboard', json: config.LOG_FORMAT === 'json' });
  // abortOnError off: a failing call throws to its caller instead of Nest exiting the process (see createApp).
  const app = await NestFactory.create<NestFastifyApplication>(DashboardModule.forRoot(config), adapter, { logger, bodyParser: false, abortOnError: false });
  // Nest bundles its own copy of fastify's types; the plugins augment the root package's.
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  const secure = config.production || config.SECURE_COOKIES;

  await fastify.register(cookie, { secret: config.SESSION_SECRET });
  // Form posts are parsed by @fastify/formbody (Nest's own parser is off: bodyParser false).
  await fastify.register(formbody, { bodyLimit: 16 * 1024 });
  await fastify.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'cw_csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure, signed: true },
  });
  const govuk = join(govukFrontendDir(), 'govuk');
  await fastify.register(fastifyStatic, { root: join(govuk, 'assets'), prefix: '/assets/', decorateReply: false, index: false, maxAge: '1d' });
  for (const file of ['govuk-frontend.min.css', 'govuk-frontend.min.js']) {
    fastify.get(`/assets/${file}`, (_req, reply) =>
      reply
        .type(file.endsWith('.css') ? 'text/css' : 'text/javascript')
        .header('cache-control', 'public, max-age=86400')
        .sendFile(file, govuk),
    );
  }
  await fastify.register(fastifyStatic, { root: join(dashboardRoot(), 'public'), prefix: '/assets/app/', decorateReply: true, index: false, maxAge: '5m' });

  // Every form POST carries the token of its page (the session cookie alone is not enough).
  fastify.addHook('preHandler', (req, reply, done) => {
    if (req.method !== 'POST') return done();
    fastify.csrfProtection(req, reply, done);
  });
  fastify.addHook('onSend', (_req, reply, payload, done) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    done(null, payload);
  });
  const prometheus = app.get(Prometheus);
  fastify.addHook('onResponse', (req, reply, done) => {
    prometheus.httpRequests.observe(
      { method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
  app.useGlobalFilters(new PageFilter(app.get(Pages)));
  const hub = app.get(LiveHub);
  fastify.addHook('preClose', (done) => {
    hub.close();
    done();
  });
  return app;
}
