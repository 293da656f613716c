import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Body, ConsoleLogger, Controller, Get, Module, Param, Post, Query } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp, type AppOptions } from '../create-app';
import { ObservabilityModule } from '../observability/observability.module';

/** What the routes were called with: a refused request must never get here. */
const seen: unknown[] = [];

@Controller('v1/tenants/:tenant/things')
class ThingsController {
  @Get()
  list(@Param('tenant') tenant: string, @Query() query: Record<string, unknown>) {
    seen.push({ tenant, query });
    return { tenant, query };
  }

  @Post()
  create(@Body() body: unknown) {
    seen.push(body);
    return { body };
  }
}

@Controller('health')
class LiveController {
  @Get('live')
  live() {
    return { status: 'ok' };
  }
}

@Module({ imports: [ObservabilityModule.forRoot('kit-test')], controllers: [ThingsController, LiveController] })
class TinyModule {}

async function tinyApp(options: Partial<AppOptions> = {}): Promise<NestFastifyApplication> {
  const app = await createApp(TinyModule, {
    service: 'kit-test',
    title: 'test',
    description: 'test',
    bodyLimitBytes: 64 * 1024,
    jsonContentTypes: ['application/cloudevents+json'],
    textContentTypes: ['application/x-ndjson'],
    logLevels: [],
    ...options,
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

const THINGS = '/v1/tenants/demo/things';
const TOKEN = { authorization: 'Bearer a-secret-token' };

function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number) {
  expect({ status: res.statusCode, type: res.headers['content-type'] }).toEqual({ status, type: expect.stringMatching(/^application\/problem\+json\b/) });
  const problem = JSON.parse(res.body) as { status: number; title: string; detail: string };
  expect(problem).toMatchObject({ type: 'about:blank', status });
  return problem;
}

describe('the HTTP boundary every service shares', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await tinyApp();
  });
  afterAll(() => app.close());
  beforeEach(() => seen.splice(0));

  it('throws to the caller when a call on the app fails, instead of exiting the process (a whole test run)', () => {
    class NotProvided {}
    const exit = jest.spyOn(process, 'exit').mockImplementation(() => undefined as never);
    try {
      expect(() => app.get(NotProvided)).toThrow(/NotProvided/);
      expect(exit).not.toHaveBeenCalled();
    } finally {
      exit.mockRestore();
    }
  });

  describe('bodies', () => {
    it.each(['application/json', 'application/cloudevents+json', 'application/x-ndjson'])(
      'refuses %s that is not valid UTF-8 with 400, before the route',
      async (type) => {
        // "\xff" would have become U+FFFD, and "a\xffb" the same id as "a\xfeb".
        const payload = Buffer.concat([Buffer.from('{"id":"a'), Buffer.from([0xff]), Buffer.from('b"}')]);
        const res = await app.inject({ method: 'POST', url: THINGS, headers: { 'content-type': type }, payload });
        expect(expectProblem(res, 400).detail).toBe('the request body is not valid UTF-8');
        expect(seen).toEqual([]);
      },
    );

    it('reads valid UTF-8 as it was sent', async () => {
      const res = await app.inject({ method: 'POST', url: THINGS, headers: { 'content-type': 'application/json' }, payload: Buffer.from('{"id":"é中😀"}') });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toEqual({ body: { id: 'é中😀' } });
    });

    it('answers a bad content type 415, a body over the limit 413 and bad JSON 400, as problems', async () => {
      expectProblem(await app.inject({ method: 'POST', url: THINGS, headers: { 'content-type': 'application/x-foo' }, payload: 'x' }), 415);
      expectProblem(
        await app.inject({ method: 'POST', url: THINGS, headers: { 'content-type': 'application/json' }, payload: `"${'x'.repeat(70_000)}"` }),
        413,
      );
      expectProblem(await app.inject({ method: 'POST', url: THINGS, headers: { 'content-type': 'application/json' }, payload: '{"a":' }), 400);
      expectProblem(await app.inject({ method: 'POST', url: THINGS, headers: { 'content-type': 'application/json' }, payload: '{"__proto__":{"x":1}}' }), 400);
      expect(seen).toEqual([]);
    });
  });

  describe('URLs and headers', () => {
    it.each([
      ['NUL in a query value', `${THINGS}?state=%00`, /query parameter "state" holds a NUL/],
      ['a truncated escape in a query value', `${THINGS}?state=%E0%A4%A`, /query parameter "state" holds invalid percent-encoding/],
      ['an encoded lone surrogate in a query value', `${THINGS}?state=%ED%A0%80`, /invalid percent-encoding/],
      ['a stray % in a query name', `${THINGS}?st%ate=1`, /parameter name holds invalid percent-encoding/],
      ['a repeated query parameter', `${THINGS}?state=open&period=current&state=closed`, /query parameter "state" is repeated/],
      ['NUL in a path parameter', '/v1/tenants/de%00mo/things', /path holds a NUL/],
      ['a bad escape in a path parameter', '/v1/tenants/%E0%A4%A/things', /path holds invalid percent-encoding/],
    ])('refuses %s with a 400 problem, before the route', async (_name, url, detail) => {
      const res = await app.inject({ method: 'GET', url, headers: TOKEN });
      expect(expectProblem(res, 400).detail).toMatch(detail);
      expect(seen).toEqual([]);
    });

    it('lets well-formed parameters through, decoded', async () => {
      const res = await app.inject({ method: 'GET', url: `${THINGS}?state=open%20now&period=2026-01&flag`, headers: TOKEN });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ tenant: 'demo', query: { state: 'open now', period: '2026-01', flag: '' } });
    });

    it('refuses a header holding NUL with a 400 problem', async () => {
      const res = await app.inject({ method: 'GET', url: THINGS, headers: { 'x-thing': 'a\u0000b' } });
      expect(expectProblem(res, 400).detail).toBe('header x-thing holds a NUL character');
      expect(seen).toEqual([]);
    });

    it('answers a URL over 8 KiB, or an over-long path parameter, with a 414 problem', async () => {
      expectProblem(await app.inject({ method: 'GET', url: `${THINGS}?state=${'a'.repeat(8 * 1024)}` }), 414);
      expect((await app.inject({ method: 'GET', url: `/v1/tenants/${'a'.repeat(200)}/things` })).statusCode).toBe(200);
      expectProblem(await app.inject({ method: 'GET', url: `/v1/tenants/${'a'.repeat(600)}/things` }), 414);
    });

    it('answers unknown routes and wrong methods with a 404 problem', async () => {
      expectProblem(await app.inject({ method: 'GET', url: '/nowhere' }), 404);
      expectProblem(await app.inject({ method: 'DELETE', url: THINGS }), 404);
    });
  });

  describe('on the wire (what Node refuses before Fastify)', () => {
    let port: number;
    beforeAll(async () => {
      await app.listen(0, '127.0.0.1');
      port = (app.getHttpServer().address() as AddressInfo).port;
    });

    function raw(path: string, headers: Record<string, string> = {}) {
      return new Promise<{ statusCode: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body }));
        });
        req.on('error', reject);
        req.end();
      });
    }

    it('answers a URL too long for Node with a 414 problem and headers too large with a 431 problem', async () => {
      expectProblem(await raw(`${THINGS}?state=${'a'.repeat(20_000)}`), 414);
      expectProblem(await raw(THINGS, { 'x-big': 'b'.repeat(20_000) }), 431);
      expectProblem(await raw(`${THINGS}?state=${'a'.repeat(10_000)}`), 414);
    });
  });
});

describe('request ids and the request log', () => {
  let app: NestFastifyApplication;
  const lines: string[] = [];

  beforeAll(async () => {
    jest.spyOn(ConsoleLogger.prototype, 'log').mockImplementation((message: unknown) => void lines.push(String(message)));
    app = await tinyApp({ logLevels: ['log'] });
  });
  afterAll(async () => {
    await app.close();
    jest.restoreAllMocks();
  });

  it('answers the caller X-Request-Id, or a new one, also on a refusal', async () => {
    const kept = await app.inject({ method: 'GET', url: THINGS, headers: { 'x-request-id': 'trace-42.a' } });
    expect(kept.headers['x-request-id']).toBe('trace-42.a');
    const fresh = await app.inject({ method: 'GET', url: THINGS });
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const replaced = await app.inject({ method: 'GET', url: THINGS, headers: { 'x-request-id': 'has spaces; and more' } });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const refused = await app.inject({ method: 'GET', url: `${THINGS}?a=1&a=2`, headers: { 'x-request-id': 'trace-43' } });
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['x-request-id']).toBe('trace-43');
    const badPath = await app.inject({ method: 'GET', url: '/v1/tenants/%E0/things', headers: { 'x-request-id': 'trace-44' } });
    expect({ status: badPath.statusCode, id: badPath.headers['x-request-id'] }).toEqual({ status: 400, id: 'trace-44' });
  });

  it('logs one line per request with method, route, status and id, and no token, query or body', async () => {
    lines.splice(0);
    await app.inject({
      method: 'POST',
      url: `/v1/tenants/child-c123/things?secret=query-value`,
      headers: { ...TOKEN, 'content-type': 'application/json', 'x-request-id': 'trace-45' },
      payload: { subject: 'C-999' },
    });
    const line = lines.find((l) => l.includes('trace-45'));
    expect(line).toMatch(/^POST \/v1\/tenants\/:tenant\/things 201 [\d.]+ ms request trace-45$/);
    const all = lines.join('\n');
    for (const secret of ['a-secret-token', 'query-value', 'C-999', 'child-c123']) expect(all).not.toContain(secret);
  });
});

describe('rate limit per token', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await tinyApp({ rateLimitPerMinute: 3 });
  });
  afterAll(() => app.close());

  it('answers 429 with Retry-After beyond the limit, per token, and never limits probes and scrapes', async () => {
    const get = (headers: Record<string, string>, url = THINGS) => app.inject({ method: 'GET', url, headers });
    for (let i = 0; i < 3; i++) expect((await get(TOKEN)).statusCode).toBe(200);
    const limited = await get(TOKEN);
    expect(expectProblem(limited, 429).detail).toMatch(/more than 3 requests a minute/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);

    // Another token has its own budget; so has a caller without one (by address).
    expect((await get({ authorization: 'Bearer another-token' })).statusCode).toBe(200);
    expect((await get({})).statusCode).toBe(200);
    for (let i = 0; i < 5; i++) {
      expect((await get(TOKEN, '/health/live')).statusCode).toBe(200);
      expect((await get(TOKEN, '/metrics')).statusCode).toBe(200);
    }
  });
});
