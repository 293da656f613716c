import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiKeyRegistry, generateApiKey, type AuthSettings } from '@casewatch/auth';
import { TOPICS, validateTenantRecord } from '@casewatch/contracts';
import { TopicReader, uniqueId } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { ADMIN, createTenant, startIngestion } from '../../testing/ingestion-harness';

const SAMPLE = readFileSync(join(__dirname, 'sample', 'lait-sample.csv'));
const ISSUER = 'https://login.example.test/tenant/v2.0';
const AUDIENCE = 'api://casewatch';

/** The CSV as curl -F file=@… sends it. */
async function multipart(content: string | Buffer, name = 'lait.csv') {
  const form = new FormData();
  form.append('file', new Blob([typeof content === 'string' ? content : new Uint8Array(content)]), name);
  const encoded = new Response(form);
  return { payload: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type') as string };
}

async function upload(app: NestFastifyApplication, tenant: string, content: string | Buffer, query = '', token = 'dev-admin') {
  const { payload, contentType } = await multipart(content);
  return app.inject({
    method: 'POST',
    url: `/v1/tenants/${tenant}/comparators${query}`,
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    payload,
  });
}

describe('POST /v1/tenants/{tenant}/comparators', () => {
  let app: NestFastifyApplication;
  const reader = new TopicReader(TOPICS.tenants);

  beforeAll(async () => {
    app = await startIngestion();
  });
  afterAll(async () => {
    await app.close();
    await reader.close();
  });

  const settingsOf = async (tenant: string) => (await app.inject({ url: `/v1/tenants/${tenant}`, headers: ADMIN })).json();

  it('merges a LAIT table into the settings and publishes them on csc.tenants.v1', async () => {
    const tenant = await createTenant(app);
    const mark = await reader.mark();
    const res = await upload(app, tenant, SAMPLE, '?source=DfE%20LAIT%20sample');
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({
      read: 31,
      added: 31,
      updated: 0,
      metrics: ['lac.rate10k', 'referrals.repeat-12m', 'assessments.within-45wd', 'care-leavers.eet'],
      councilRows: 1,
      ignored: [],
    });
    expect(report.settings.comparators['lac.rate10k'][0]).toEqual({ name: 'England', period: 'fy2020', value: 67, source: 'DfE LAIT sample' });
    const stored = await settingsOf(tenant);
    expect(stored.comparators).toEqual(report.settings.comparators);
    expect(stored.name).toBe(`Test ${tenant}`);

    const [message] = await reader.readSince(mark, (m) => m.key === tenant);
    const published = JSON.parse(message.value as string);
    expect(validateTenantRecord(published).ok).toBe(true);
    expect(published.comparators).toEqual(stored.comparators);

    // Again, as a text/csv body: the same figures update in place; the one-indicator table adds a year.
    const again = await app.inject({
      method: 'POST',
      url: `/v1/tenants/${tenant}/comparators?indicator=lac.rate10k`,
      headers: { ...ADMIN, 'content-type': 'text/csv' },
      payload: 'LA number,LA name,2024,2025\n,England,70,69.5\n',
    });
    expect(again.json()).toMatchObject({ read: 2, added: 1, updated: 1, metrics: ['lac.rate10k'] });
    const england = (await settingsOf(tenant)).comparators['lac.rate10k'].filter((c: { name: string }) => c.name === 'England');
    expect(england.map((c: { period: string; value: number }) => [c.period, c.value])).toEqual([
      ['fy2020', 67],
      ['fy2021', 70],
      ['fy2022', 71],
      ['fy2023', 70],
      ['fy2024', 69.5],
    ]);
  });

  it('replaces a metric’s comparators with mode=replace, leaving the other metrics', async () => {
    const tenant = await createTenant(app);
    await upload(app, tenant, SAMPLE);
    const res = await upload(app, tenant, 'LA number,LA name,2025\n,England,69\n', '?indicator=lac.rate10k&mode=replace');
    expect(res.statusCode).toBe(200);
    const { comparators } = await settingsOf(tenant);
    expect(comparators['lac.rate10k']).toEqual([{ name: 'England', period: 'fy2024', value: 69, source: 'DfE LAIT' }]);
    expect(comparators['assessments.within-45wd']).toHaveLength(8);
  });

  it('refuses a bad file with 400 naming the row and column, and changes and publishes nothing', async () => {
    const tenant = await createTenant(app);
    await upload(app, tenant, SAMPLE);
    const before = await settingsOf(tenant);
    const mark = await reader.mark();
    const bad = SAMPLE.toString('utf8').replace(
      ',England,Re-referrals within 12 months of a previous referral (%),22.7,',
      ',England,Re-referrals within 12 months of a previous referral (%),22,7,',
    );
    const res = await upload(
      app,
      tenant,
      bad.replace(
        ',Statistical neighbours,Assessments completed within 45 working days (%),85.0',
        ',Statistical neighbours,Assessments completed within 45 working days (%),8S.0',
      ),
    );
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({
      detail: 'the comparators file cannot be used; nothing was changed',
      errors: [
        { pointer: '/rows/6/', message: 'row 6 has 8 cells where the header has 7: a comma inside a cell must be quoted' },
        { pointer: '/rows/9/2020-21', message: 'row 9, column 2020-21: "8S.0" is not a number (x, c, z, u, low, : and . are read as no figure)' },
      ],
    });
    const unmapped = await upload(app, tenant, 'LA number,LA name,Indicator,2023\n,England,Pupils reaching the expected standard (%),60\n');
    expect(unmapped.statusCode).toBe(400);
    expect(unmapped.json().detail).toMatch(/only indicators Casewatch does not map \(Pupils reaching the expected standard \(%\)\)/);
    expect((await upload(app, tenant, SAMPLE, '?mode=overwrite')).statusCode).toBe(400);
    const notCsv = await app.inject({
      method: 'POST',
      url: `/v1/tenants/${tenant}/comparators`,
      headers: { ...ADMIN, 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(notCsv.statusCode).toBe(415);

    expect(await settingsOf(tenant)).toEqual(before);
    expect(await reader.readSince(mark, (m) => m.key === tenant)).toEqual([]);
  });

  it('answers 404 for a tenant that does not exist', async () => {
    expect((await upload(app, uniqueId('none'), SAMPLE)).statusCode).toBe(404);
  });

  it('keeps uploaded comparators when the tenant is loaded again from its file at start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tenants-'));
    const tenant = uniqueId('file');
    writeFileSync(join(dir, `${tenant}.json`), JSON.stringify({ name: 'From a file', nation: 'england', population0to17: 1000 }));
    const seeded = await startIngestion({ TENANTS_DIR: dir });
    try {
      expect((await upload(seeded, tenant, SAMPLE)).statusCode).toBe(200);
    } finally {
      await seeded.close();
    }
    writeFileSync(join(dir, `${tenant}.json`), JSON.stringify({ name: 'From a file, renamed', nation: 'england', population0to17: 1000 }));
    const restarted = await startIngestion({ TENANTS_DIR: dir });
    try {
      const got = (await restarted.inject({ url: `/v1/tenants/${tenant}`, headers: ADMIN })).json();
      expect(got).toMatchObject({ name: 'From a file, renamed' });
      expect(Object.keys(got.comparators)).toHaveLength(4);
    } finally {
      await restarted.close();
    }
  });
});

describe('comparators upload: roles and tenants (dev token off, as in production)', () => {
  let app: NestFastifyApplication;
  let tenant: string;
  let other: string;
  let sign: (claims: Record<string, unknown>) => Promise<string>;
  let readerKey: string;

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' };
    sign = (claims) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setSubject('user-1')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey);
    const devApp = await startIngestion();
    tenant = await createTenant(devApp);
    other = await createTenant(devApp);
    await devApp.close();
    const readerApiKey = generateApiKey([tenant], ['read', 'ingest']);
    readerKey = readerApiKey.key;
    const auth: AuthSettings = {
      devTokenEnabled: false,
      apiKeys: new ApiKeyRegistry([readerApiKey.stored]),
      oidc: { issuer: ISSUER, audience: AUDIENCE, jwksUrl: 'https://unused.test/jwks', tenantsClaim: 'tenants', rolesClaim: 'roles' },
      jwks: createLocalJWKSet({ keys: [jwk] }),
    };
    app = await startIngestion({ NODE_ENV: 'production' }, auth);
  });
  afterAll(() => app.close());

  it('needs a token (401) with the manage role (403) for that tenant (404 otherwise), and lets a manager through', async () => {
    expect((await upload(app, tenant, SAMPLE, '', 'dev-admin')).statusCode).toBe(401);
    expect((await upload(app, tenant, SAMPLE, '', readerKey)).statusCode).toBe(403);
    const admin = await sign({ tenants: [tenant], roles: ['ingest', 'read', 'admin'] });
    expect((await upload(app, tenant, SAMPLE, '', admin)).statusCode).toBe(403);
    const manager = await sign({ tenants: [tenant], roles: ['manage'] });
    expect((await upload(app, other, SAMPLE, '', manager)).statusCode).toBe(404);
    expect((await upload(app, tenant, SAMPLE, '', manager)).statusCode).toBe(200);
  });
});
