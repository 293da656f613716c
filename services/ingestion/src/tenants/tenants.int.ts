import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOPICS } from '@casewatch/contracts';
import { TopicReader, uniqueId } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ADMIN, startIngestion } from '../testing/ingestion-harness';

const settings = { name: 'Rotherham', laCode: '372', nation: 'england', population0to17: 57000, closureDays: ['2026-12-29'] };

describe('tenants', () => {
  let app: NestFastifyApplication;
  const reader = new TopicReader(TOPICS.tenants);

  afterEach(async () => {
    await app?.close();
  });
  afterAll(() => reader.close());

  it('PUT creates (201) then replaces (200), GET reads back, and each change is on csc.tenants.v1', async () => {
    app = await startIngestion();
    const tenant = uniqueId('la');
    const mark = await reader.mark();
    const put = (body: unknown) => app.inject({ method: 'PUT', url: `/v1/tenants/${tenant}`, headers: ADMIN, payload: body as object });

    const created = await put(settings);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ tenant, ...settings });
    const replaced = await put({ ...settings, population0to17: 58000 });
    expect(replaced.statusCode).toBe(200);
    const got = await app.inject({ url: `/v1/tenants/${tenant}`, headers: ADMIN });
    expect(got.json()).toMatchObject({ tenant, population0to17: 58000 });

    const messages = await reader.readSince(mark, (m) => m.key === tenant);
    expect(messages.map((m) => JSON.parse(m.value as string).population0to17)).toEqual([57000, 58000]);
  });

  it('refuses invalid settings with the field named, and 404s an unknown tenant', async () => {
    app = await startIngestion();
    const res = await app.inject({
      method: 'PUT',
      url: `/v1/tenants/${uniqueId('la')}`,
      headers: ADMIN,
      payload: { ...settings, nation: 'scotland' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].pointer).toBe('/nation');
    expect((await app.inject({ url: `/v1/tenants/${uniqueId('none')}`, headers: ADMIN })).statusCode).toBe(404);
  });

  it('loads tenants from <TENANTS_DIR>/<tenant>.json at start, and has the demo tenant in development', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tenants-'));
    const tenant = uniqueId('file');
    writeFileSync(join(dir, `${tenant}.json`), JSON.stringify({ ...settings, nation: 'wales' }));
    writeFileSync(join(dir, 'broken.json'), '{ not json');
    app = await startIngestion({ TENANTS_DIR: dir });
    expect((await app.inject({ url: `/v1/tenants/${tenant}`, headers: ADMIN })).json()).toMatchObject({ nation: 'wales' });
    expect((await app.inject({ url: '/v1/tenants/demo', headers: ADMIN })).json()).toMatchObject({ tenant: 'demo' });
  });
});
