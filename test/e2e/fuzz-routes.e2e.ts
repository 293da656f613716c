import { request } from 'node:http';
import { TOPICS } from '@casewatch/contracts';
import { TopicReader, uniqueId } from '@casewatch/testing';
import fc from 'fast-check';
import { createTenantAt, startBuiltService, stop, waitReady, type RunningService } from '../support/services';
import { ensureProjectTopics } from '../support/topics';

/**
 * Issue 13: every route of the three built services under generated and mutated requests (path
 * values, query strings, headers, bodies, bytes that are not UTF-8). Invariants: no 5xx and every
 * error a problem document; nothing published for a refused request; the services still answer.
 * `npm test` runs a fixed seed and a small count; `npm run test:fuzz` any seed and count
 * (FUZZ_SEED, FUZZ_RUNS).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 1313;
jest.setTimeout(Math.max(240_000, RUNS * 200));

interface Route {
  service: RunningService;
  method: string;
  path: string;
  query: string[];
}
interface Answer {
  status: number;
  type: string;
}

/** A raw HTTP request: the path is sent as given (percent-encoding included), the body as bytes. */
function send(service: RunningService, method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<Answer> {
  return new Promise((ok, fail) => {
    const req = request(
      { host: '127.0.0.1', port: service.port, method, path, headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) } },
      (res) => {
        res.resume();
        res.on('end', () => ok({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? '') }));
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}

// Values the routes take, so that generated requests get past the boundary and into the routes.
const PLAUSIBLE = [
  'current',
  '2026-10',
  'fy2025',
  'la',
  'team:T1',
  'worker:SW1',
  'open',
  'overdue',
  'firing',
  'lac-visit',
  '10',
  '1',
  '2026-11-20T00:00:00Z',
  'lac.children',
  'visits-overdue',
  'team',
];
const NASTY = ['%00', '%E0%A4%A', '%ZZ', '%C0%AF', '%ED%A0%80', '..', '%2e%2e%2f', 'fy9999', '0000-01', '2026-13', '2026-02-30', '-1', '1e309', 'NaN', ''];

/** Percent-encoded; a lone surrogate (which encodeURIComponent refuses) as the bytes of its UTF-8 form would be. */
function encodeLoosely(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80';
  }
}

function text(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ maxLength: 40 }).map(encodeURIComponent),
    fc.string({ unit: 'binary', maxLength: 20 }).map(encodeLoosely),
    fc.constantFrom(...NASTY),
    fc.constantFrom(...PLAUSIBLE),
    fc.constantFrom(...PLAUSIBLE),
    fc.integer({ min: 100, max: 9000 }).map((n) => 'a'.repeat(n)),
  );
}

function validEvent(tenant: string, id: string): Record<string, unknown> {
  return {
    specversion: '1.0',
    id,
    source: 'urn:casewatch:fuzz',
    type: 'csc.visit.completed',
    time: '2026-10-01T10:00:00Z',
    subject: 'Cfuzz1',
    tenant,
    data: { visitId: `v-${id}`, kind: 'cp', seen: true },
  };
}

function body(tenant: string): fc.Arbitrary<Buffer | undefined> {
  return fc.oneof(
    fc.constant(undefined),
    fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v))),
    fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
    fc
      .tuple(fc.string({ unit: 'binary', maxLength: 8 }), fc.constantFrom('id', 'subject', 'source'))
      .map(([s, k]) => Buffer.from(JSON.stringify({ ...validEvent(tenant, uniqueId('f')), [k]: s }))),
    fc
      .constantFrom('"\\ud800"', '"a\\u0000b"')
      .map((s) =>
        Buffer.from(
          `{"specversion":"1.0","id":${s},"source":"urn:x","type":"csc.visit.completed","time":"2026-10-01T10:00:00Z","subject":"C1","tenant":"${tenant}","data":{}}`,
        ),
      ),
    fc.constant(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])),
  );
}

describe('every route under generated requests', () => {
  const services: RunningService[] = [];
  const reader = new TopicReader(TOPICS.caseEvents);
  let tenant: string;
  let routes: Route[] = [];

  beforeAll(async () => {
    await ensureProjectTopics();
    services.push(startBuiltService('ingestion', 3301), startBuiltService('metrics', 3302), startBuiltService('alerting', 3303));
    await Promise.all(services.map(waitReady));
    tenant = await createTenantAt(services[0], 'fuzz');
    for (const service of services) {
      const doc = (await (await fetch(`${service.url}/docs-json`)).json()) as {
        paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
      };
      for (const [path, ops] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(ops)) {
          routes.push({ service, method: method.toUpperCase(), path, query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name) });
        }
      }
    }
    routes = routes.filter((r) => !r.path.endsWith('/stream')); // SSE stays open: not a request/answer route
  }, 120_000);

  afterAll(async () => {
    await reader.close();
    for (const s of services) await stop(s);
  });

  it('answers every request with a status below 500, errors as problems, and publishes nothing refused', async () => {
    expect(routes.length).toBeGreaterThan(15);
    const mark = await reader.mark();
    const accepted = new Set<string>();
    const statuses = new Map<number, number>();
    const request = fc.constantFrom(...routes).chain((route) =>
      fc.record({
        route: fc.constant(route),
        params: fc.array(fc.oneof(fc.constant('TENANT'), fc.constant('TENANT'), text()), { minLength: 4, maxLength: 4 }),
        query: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...route.query, 'period', 'limit', 'cursor'), text()), text()), { maxLength: 4 }),
        auth: fc.constantFrom('Bearer dev-admin', 'Bearer dev-admin', 'Bearer nope', ''),
        type: fc.constantFrom(
          'application/json',
          'application/cloudevents-batch+json',
          'application/x-ndjson',
          'application/xml',
          'text/plain',
          'multipart/form-data; boundary=x',
          '',
        ),
        body: body('TENANT'),
      }),
    );
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        let i = 0;
        const path = r.route.path.replace(/\{[^}]+\}/g, () => {
          const v = r.params[i++ % r.params.length];
          return v === 'TENANT' ? tenant : v;
        });
        const qs = r.query.map(([k, v]) => `${encodeURIComponent(k)}=${v}`).join('&');
        const headers: Record<string, string> = r.type ? { 'content-type': r.type } : {};
        if (r.auth) headers.authorization = r.auth;
        const payload = r.body && Buffer.from(r.body.toString('latin1').replaceAll('TENANT', tenant), 'latin1');
        const withBody = r.route.method === 'GET' || r.route.method === 'DELETE' ? undefined : payload;
        const answer = await send(r.route.service, r.route.method, qs ? `${path}?${qs}` : path, headers, withBody);
        if (answer.status === 202 && r.route.path === '/v1/events' && withBody) {
          const sent = JSON.parse(withBody.toString('utf8')) as { id: string } | { id: string }[];
          for (const e of Array.isArray(sent) ? sent : [sent]) accepted.add(e.id);
        }
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        expect(answer.status).toBeLessThan(500);
        if (answer.status >= 400) expect(answer.type).toContain('application/problem+json');
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );

    // On demand (npm run test:fuzz) the answers by status are printed for docs/reliability.md.
    if (RUNS > 1000)
      process.stdout.write(
        `fuzz seed ${SEED}, ${RUNS} requests on ${routes.length} routes, by status: ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}\n`,
      );

    // The generated requests reach the routes, not only the boundary: some are answered 2xx.
    expect([...statuses].filter(([s]) => s < 300).reduce((n, [, c]) => n + c, 0)).toBeGreaterThan(0);

    // Nothing of a refused request reached the topic: every event of this tenant was answered 202.
    const published = await reader.readSince(mark, (m) => m.key?.startsWith(`${tenant}:`) ?? false);
    const ids = published.map((m) => (JSON.parse(String(m.value)) as { id: string }).id);
    expect(ids.filter((id) => !accepted.has(id))).toEqual([]);

    // And each service still answers as it should.
    for (const s of services) expect((await fetch(`${s.url}/health/ready`)).status).toBe(200);
    const ok = await send(
      services[0],
      'POST',
      '/v1/events',
      { authorization: 'Bearer dev-admin', 'content-type': 'application/json' },
      Buffer.from(JSON.stringify(validEvent(tenant, uniqueId('ok')))),
    );
    expect(ok.status).toBe(202);
  });
});
