import { TOPICS } from '@casewatch/contracts';
import { TopicReader } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ADMIN, createTenant, postEvents, startIngestion, visitEvent } from '../testing/ingestion-harness';

function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number) {
  expect({ status: res.statusCode, type: res.headers['content-type'] }).toEqual({
    status,
    type: expect.stringMatching(/^application\/problem\+json\b/),
  });
  return JSON.parse(res.body) as { detail: string; errors?: { index?: number; pointer: string; message: string }[] };
}

describe('ingestion at its boundary: every byte sequence gets a 4xx problem', () => {
  let app: NestFastifyApplication;
  let tenant: string;
  const reader = new TopicReader(TOPICS.caseEvents);

  beforeAll(async () => {
    app = await startIngestion();
    tenant = await createTenant(app);
  });

  afterAll(async () => {
    await app.close();
    await reader.close();
  });

  it('refuses a body that is not valid UTF-8 (400), so ids differing only in bad bytes never collide, and publishes nothing', async () => {
    const mark = await reader.mark();
    const event = visitEvent(tenant, { id: 'bytes-PLACEHOLDER' });
    const [before, after] = JSON.stringify(event).split('PLACEHOLDER');
    for (const bad of [0xff, 0xfe]) {
      const payload = Buffer.concat([Buffer.from(before), Buffer.from([bad]), Buffer.from(after)]);
      const res = await app.inject({ method: 'POST', url: '/v1/events', headers: { ...ADMIN, 'content-type': 'application/json' }, payload });
      expect(expectProblem(res, 400).detail).toBe('the request body is not valid UTF-8');
    }
    const ndjson = Buffer.concat([Buffer.from(`${JSON.stringify(visitEvent(tenant))}\n${before}`), Buffer.from([0xc3]), Buffer.from(after)]);
    const res = await app.inject({ method: 'POST', url: '/v1/events', headers: { ...ADMIN, 'content-type': 'application/x-ndjson' }, payload: ndjson });
    expectProblem(res, 400);
    expect(await reader.readSince(mark, (m) => m.key?.startsWith(`${tenant}:`) ?? false)).toHaveLength(0);
  });

  it.each([
    ['a lone surrogate in data', { data: { visitId: 'V-\ud800', kind: 'cp', seen: true } }, '/data/visitId'],
    ['NUL in data', { data: { visitId: 'V-\u0000', kind: 'cp', seen: true } }, '/data/visitId'],
    ['a lone surrogate in the id', { id: 'ev-\udc00' }, '/id'],
    ['NUL in the id', { id: 'ev-\u0000' }, '/id'],
  ])('refuses %s with 400 and its pointer, and publishes nothing of the request', async (_name, overrides, pointer) => {
    const mark = await reader.mark();
    const res = await postEvents(app, [visitEvent(tenant), visitEvent(tenant, overrides)]);
    expect(expectProblem(res, 400).errors).toEqual([{ index: 1, pointer, message: expect.stringMatching(/must not hold/) }]);
    expect(await reader.readSince(mark, (m) => m.key?.startsWith(`${tenant}:`) ?? false)).toHaveLength(0);
  });

  it('refuses NUL or bad percent-encoding in the tenant path, and repeated or NUL query parameters, with 400 problems', async () => {
    expectProblem(await app.inject({ method: 'GET', url: `/v1/tenants/${tenant}%00`, headers: ADMIN }), 400);
    expectProblem(await app.inject({ method: 'GET', url: '/v1/tenants/%E0%A4%A', headers: ADMIN }), 400);
    expectProblem(await app.inject({ method: 'POST', url: `/v1/imports/ssda903?tenant=${tenant}&tenant=demo`, headers: ADMIN }), 400);
    expectProblem(await app.inject({ method: 'POST', url: `/v1/imports/ssda903?tenant=${tenant}%00`, headers: ADMIN }), 400);
  });

  it('answers an over-long URL 414, an unknown route 404 and a bad content type 415, as problems', async () => {
    expectProblem(await app.inject({ method: 'GET', url: `/v1/tenants/${tenant}?x=${'a'.repeat(9000)}`, headers: ADMIN }), 414);
    expectProblem(await app.inject({ method: 'GET', url: '/v1/nothing-here', headers: ADMIN }), 404);
    expectProblem(await postEvents(app, 'x', 'text/csv'), 415);
  });

  it('answers the caller X-Request-Id', async () => {
    const res = await app.inject({ method: 'GET', url: `/v1/tenants/${tenant}`, headers: { ...ADMIN, 'x-request-id': 'op-trace-1' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-request-id']).toBe('op-trace-1');
  });
});

describe('ingestion rate limit', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await startIngestion({ RATE_LIMIT_PER_MINUTE: '2' });
  });
  afterAll(() => app.close());

  it('answers 429 with Retry-After beyond RATE_LIMIT_PER_MINUTE for one token, and keeps /health/live open', async () => {
    const token = { authorization: 'Bearer rate-limit-test-token' };
    const statuses: number[] = [];
    for (let i = 0; i < 2; i++) statuses.push((await app.inject({ method: 'GET', url: '/v1/tenants/demo', headers: token })).statusCode);
    // Counted before the token is checked: a flood of bad tokens is limited too.
    expect(statuses).toEqual([401, 401]);
    const limited = await app.inject({ method: 'GET', url: '/v1/tenants/demo', headers: token });
    expectProblem(limited, 429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await app.inject({ method: 'GET', url: '/health/live', headers: token })).statusCode).toBe(200);
  });
});
