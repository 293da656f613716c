import { ApiKeyRegistry, generateApiKey, type AuthSettings } from '@casewatch/auth';
import { uniqueId } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createTenant, startIngestion, visitEvent } from './testing/ingestion-harness';

const ISSUER = 'https://login.example.test/tenant/v2.0';
const AUDIENCE = 'api://casewatch';

describe('auth on every ingestion route (dev token off, as in production)', () => {
  let app: NestFastifyApplication;
  let tenant: string;
  let other: string;
  let sign: (claims: Record<string, unknown>, options?: { issuer?: string; expired?: boolean }) => Promise<string>;
  let readerKey: string;
  let ingestKey: string;

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' };
    sign = (claims, options = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(options.issuer ?? ISSUER)
        .setAudience(AUDIENCE)
        .setSubject('user-1')
        .setIssuedAt()
        .setExpirationTime(options.expired ? Math.floor(Date.now() / 1000) - 60 : '5m')
        .sign(privateKey);

    // Tenants are created through a development app; the app under test refuses dev-admin.
    const devApp = await startIngestion();
    tenant = await createTenant(devApp);
    other = await createTenant(devApp);
    await devApp.close();

    const reader = generateApiKey([tenant], ['read']);
    const ingest = generateApiKey([tenant], ['ingest']);
    readerKey = reader.key;
    ingestKey = ingest.key;
    const auth: AuthSettings = {
      devTokenEnabled: false,
      apiKeys: new ApiKeyRegistry([reader.stored, ingest.stored]),
      oidc: { issuer: ISSUER, audience: AUDIENCE, jwksUrl: 'https://unused.test/jwks', tenantsClaim: 'tenants', rolesClaim: 'roles' },
      jwks: createLocalJWKSet({ keys: [jwk] }),
    };
    app = await startIngestion({ NODE_ENV: 'production' }, auth);
  });

  afterAll(() => app.close());

  const call = (method: 'GET' | 'PUT' | 'POST', url: string, token?: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
      payload: payload === undefined ? undefined : JSON.stringify(payload),
    });

  const routes = () => [
    { method: 'POST' as const, url: '/v1/events', role: 'ingest', body: visitEvent(tenant) },
    { method: 'GET' as const, url: `/v1/tenants/${tenant}`, role: 'read', body: undefined },
    {
      method: 'PUT' as const,
      url: `/v1/tenants/${tenant}`,
      role: 'admin',
      body: { name: 'x', nation: 'england', population0to17: 1 },
    },
  ];

  it('refuses a missing, malformed, forged or expired token with 401 on every route', async () => {
    const forged = await sign({ tenants: '*', roles: ['ingest', 'read', 'admin'] }, { issuer: 'https://evil.test' });
    const expired = await sign({ tenants: '*', roles: ['ingest', 'read', 'admin'] }, { expired: true });
    for (const r of routes()) {
      for (const token of [undefined, 'dev-admin', 'garbage', 'cwk_00000000_' + 'a'.repeat(43), forged, expired]) {
        const res = await call(r.method, r.url, token, r.body);
        expect({ route: r.url, method: r.method, status: res.statusCode }).toEqual({ route: r.url, method: r.method, status: 401 });
        expect(res.headers['content-type']).toContain('application/problem+json');
      }
    }
  });

  it('refuses a valid token without the route role with 403 on every route', async () => {
    for (const r of routes()) {
      const roles = ['ingest', 'read', 'manage', 'admin'].filter((x) => x !== r.role);
      const token = await sign({ tenants: [tenant], roles });
      const res = await call(r.method, r.url, token, r.body);
      expect({ route: r.url, status: res.statusCode }).toEqual({ route: r.url, status: 403 });
    }
  });

  it("hides another tenant's data (404) and refuses events for it (403)", async () => {
    const token = await sign({ tenants: [tenant], roles: ['ingest', 'read', 'admin'] });
    expect((await call('GET', `/v1/tenants/${other}`, token)).statusCode).toBe(404);
    expect((await call('GET', `/v1/tenants/${uniqueId('absent')}`, token)).statusCode).toBe(404);
    expect((await call('PUT', `/v1/tenants/${other}`, token, routes()[2].body)).statusCode).toBe(404);
    const res = await call('POST', '/v1/events', token, visitEvent(other));
    expect(res.statusCode).toBe(403);
    expect(res.json().errors[0]).toMatchObject({ index: 0, pointer: '/tenant' });
  });

  it('lets a JWT and an API key with the right role and tenant through', async () => {
    const token = await sign({ tenants: [tenant], roles: ['ingest', 'read'] });
    expect((await call('POST', '/v1/events', token, visitEvent(tenant))).statusCode).toBe(202);
    expect((await call('GET', `/v1/tenants/${tenant}`, token)).statusCode).toBe(200);
    expect((await call('POST', '/v1/events', ingestKey, visitEvent(tenant))).statusCode).toBe(202);
    expect((await call('GET', `/v1/tenants/${tenant}`, readerKey)).json()).toMatchObject({ tenant, nation: 'england' });
    expect((await call('POST', '/v1/events', readerKey, visitEvent(tenant))).statusCode).toBe(403);
  });
});
