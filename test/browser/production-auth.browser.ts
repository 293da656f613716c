import { sign } from '@fastify/cookie';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '@casewatch/testing';
import { builtFile, stop, type RunningService } from '../support/services';

const SESSION_COOKIE = 'cw_session';
const PORT = 3209;

const SECRET = 'a-production-session-secret-of-some-length';

/**
 * The built dashboard with NODE_ENV=production (its own process: @fastify/cookie loads an ES module
 * that Jest cannot): sign-in required, sessions checked, another tenant a 404. No upstream is called.
 */
describe('dashboard sign-in in production', () => {
  let dashboard: RunningService;
  const inject = async (o: { url: string; method?: string; headers?: Record<string, string>; payload?: string }) => {
    const res = await fetch(`${dashboard.url}${o.url}`, { method: o.method ?? 'GET', headers: o.headers, body: o.payload, redirect: 'manual' });
    return { statusCode: res.status, headers: { location: res.headers.get('location') }, body: await res.text() };
  };

  beforeAll(async () => {
    const env: NodeJS.ProcessEnv = {
      NODE_ENV: 'production',
      DASHBOARD_TOKEN: 'machine-token',
      SESSION_SECRET: SECRET,
      METRICS_URL: 'http://127.0.0.1:9',
      ALERTING_URL: 'http://127.0.0.1:9',
      OIDC_ISSUER: 'https://login.example.test/tenant-id/v2.0',
      OIDC_CLIENT_ID: 'client',
      OIDC_CLIENT_SECRET: 'secret',
      OIDC_REDIRECT_URL: 'https://dashboard.example.test/auth/callback',
      OIDC_GROUP_MAP: JSON.stringify({ g1: { tenants: ['barset'], roles: ['read'] } }),
      LOG_FORMAT: 'json',
      PORT: String(PORT),
      HOST: '127.0.0.1',
    };
    const child = spawn(process.execPath, [builtFile('services/dashboard/src/main.js')], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout?.on('data', (d) => (log += d));
    child.stderr?.on('data', (d) => (log += d));
    dashboard = { name: 'dashboard', port: PORT, url: `http://127.0.0.1:${PORT}`, process: child, output: () => log };
    // Ready needs metrics and alerting (absent here); live is enough.
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`dashboard exited:\n${log}`);
        return (await fetch(`${dashboard.url}/health/live`).catch(() => undefined))?.ok;
      },
      { timeoutMs: 90_000, what: 'the production dashboard' },
    );
  });

  afterAll(() => dashboard && stop(dashboard));

  const session = (access: Record<string, string[]>, exp = Date.now() + 60_000) =>
    `${SESSION_COOKIE}=${encodeURIComponent(sign(Buffer.from(JSON.stringify({ n: 'A Manager', a: access, exp })).toString('base64url'), SECRET))}`;

  it('sends a page without a session to sign in, remembering where it was going', async () => {
    const res = await inject({ url: '/tenants/barset?period=2026-11' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(`/auth/login?returnTo=${encodeURIComponent('/tenants/barset?period=2026-11')}`);
  });

  it('ignores a session cookie that is not signed with the secret, or has expired', async () => {
    const forged = `${SESSION_COOKIE}=${Buffer.from(JSON.stringify({ n: 'X', a: { '*': ['read'] }, exp: Date.now() + 60_000 })).toString('base64url')}`;
    expect((await inject({ url: '/tenants/barset', headers: { cookie: forged } })).statusCode).toBe(302);
    expect((await inject({ url: '/tenants/barset', headers: { cookie: session({ barset: ['read'] }, Date.now() - 1) } })).statusCode).toBe(302);
  });

  it('answers another tenant with 404, as if it did not exist', async () => {
    const res = await inject({ url: '/tenants/other', headers: { cookie: session({ barset: ['read'] }) } });
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('Page not found');
    expect(res.body).not.toContain('machine-token');
  });

  it('answers a CSV of another tenant’s pack, or of a region the session does not name, with 404', async () => {
    const cookie = session({ barset: ['read'], 'region:north': ['read'] });
    for (const url of ['/tenants/other/pack/2026-10?format=csv', '/regions/yorkshire/metrics/assessments.within-45wd?format=csv'])
      expect((await inject({ url, headers: { cookie } })).statusCode).toBe(404);
  });

  it('refuses a form post without its CSRF token before anything else', async () => {
    const res = await inject({
      method: 'POST',
      url: '/tenants/barset/alerts/a1/ack',
      headers: { cookie: session({ barset: ['read', 'manage'] }), 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'comment=done',
    });
    expect(res.statusCode).toBe(403);
  });

  it('serves health and Prometheus without a session', async () => {
    expect((await inject({ url: '/health/live' })).statusCode).toBe(200);
    expect((await inject({ url: '/metrics' })).body).toContain('http_request_duration_seconds');
  });
});

/**
 * The whole OIDC sign-in against a stand-in identity provider (discovery, JWKS, authorize, token
 * with a signed ID token carrying groups): groups become tenants and roles, the session cookie is
 * HttpOnly, SameSite=Lax and Secure.
 */
describe('dashboard OIDC sign-in', () => {
  const PORT2 = 3208;
  let dashboard: RunningService;
  let issuer: { url: string; close: () => void; lastAuthorize?: URL };

  beforeAll(async () => {
    issuer = await startIssuer('dashboard-client');
    const env: NodeJS.ProcessEnv = {
      NODE_ENV: 'production',
      DASHBOARD_TOKEN: 'machine-token',
      SESSION_SECRET: SECRET,
      METRICS_URL: 'http://127.0.0.1:9',
      ALERTING_URL: 'http://127.0.0.1:9',
      OIDC_ISSUER: issuer.url,
      OIDC_CLIENT_ID: 'dashboard-client',
      OIDC_CLIENT_SECRET: 'client-secret',
      OIDC_REDIRECT_URL: `http://127.0.0.1:${PORT2}/auth/callback`,
      OIDC_GROUP_MAP: JSON.stringify({ 'grp-barset-managers': { tenants: ['barset'], roles: ['read', 'manage'] } }),
      OIDC_ALLOW_HTTP: 'true',
      PORT: String(PORT2),
      HOST: '127.0.0.1',
    };
    const child = spawn(process.execPath, [builtFile('services/dashboard/src/main.js')], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout?.on('data', (d) => (log += d));
    child.stderr?.on('data', (d) => (log += d));
    dashboard = { name: 'dashboard', port: PORT2, url: `http://127.0.0.1:${PORT2}`, process: child, output: () => log };
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`dashboard exited:\n${log}`);
        return (await fetch(`${dashboard.url}/health/live`).catch(() => undefined))?.ok;
      },
      { timeoutMs: 90_000, what: 'the OIDC dashboard' },
    );
  });

  afterAll(async () => {
    if (dashboard) await stop(dashboard);
    issuer?.close();
  });

  it('signs in through the identity provider and maps the groups to tenants and roles', async () => {
    const get = (url: string, cookie?: string) => fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    const page = await get(`${dashboard.url}/tenants/barset?period=2026-11`);
    expect(page.status).toBe(302);
    const login = await get(new URL(page.headers.get('location')!, dashboard.url).href);
    expect(login.status).toBe(303);
    const flowCookie = cookiePair(login, 'cw_oidc');
    const authorize = new URL(login.headers.get('location')!);
    expect(authorize.origin + '/authorize').toBe(`${issuer.url}/authorize`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    const back = await get(authorize.href);
    expect(back.status).toBe(302);
    const callback = await get(back.headers.get('location')!, flowCookie);
    const log = dashboard.output();
    expect([callback.status, callback.status === 303 ? '' : log.slice(-2000)]).toEqual([303, '']);
    expect(callback.headers.get('location')).toBe('/tenants/barset?period=2026-11');
    const setCookies = callback.headers.getSetCookie().join('\n');
    expect(setCookies).toMatch(/cw_session=[^;]+;.*HttpOnly/i);
    expect(setCookies).toMatch(/cw_session=[^;]+;.*SameSite=Lax/i);
    expect(setCookies).toMatch(/cw_session=[^;]+;.*Secure/i);
    const session = cookiePair(callback, 'cw_session');
    const home = await get(`${dashboard.url}/`, session);
    expect(home.headers.get('location')).toBe('/tenants/barset');
    expect((await get(`${dashboard.url}/tenants/other`, session)).status).toBe(404);
    // Signed in for barset: the page gets past sign-in (and, with no APIs here, answers 502).
    expect((await get(`${dashboard.url}/tenants/barset`, session)).status).toBe(502);
  });

  it('refuses a callback whose state does not match', async () => {
    const login = await fetch(`${dashboard.url}/auth/login?returnTo=/`, { redirect: 'manual' });
    const res = await fetch(`${dashboard.url}/auth/callback?code=x&state=wrong`, { redirect: 'manual', headers: { cookie: cookiePair(login, 'cw_oidc') } });
    expect(res.status).toBe(400);
    expect(res.headers.getSetCookie().join('\n')).not.toContain('cw_session=');
  });
});

function cookiePair(res: Response, name: string): string {
  const line = res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  if (!line) throw new Error(`no ${name} cookie set`);
  return line.split(';')[0];
}

/** A stand-in OIDC provider: discovery, JWKS, an authorize endpoint that approves at once, a token endpoint. */
async function startIssuer(clientId: string): Promise<{ url: string; close: () => void }> {
  const { generateKeyPair, exportJWK, SignJWT } = await import('jose');
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, { nonce: string }>();
  let base = '';
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', base);
    const json = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      return json({
        issuer: base,
        authorization_endpoint: `${base}/authorize`,
        token_endpoint: `${base}/token`,
        jwks_uri: `${base}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      });
    }
    if (url.pathname === '/jwks') return json({ keys: [jwk] });
    if (url.pathname === '/authorize') {
      const code = `code-${codes.size + 1}`;
      codes.set(code, { nonce: url.searchParams.get('nonce') ?? '' });
      res.writeHead(302, {
        location: `${url.searchParams.get('redirect_uri')}?code=${code}&state=${url.searchParams.get('state')}&iss=${encodeURIComponent(base)}`,
      });
      return res.end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        const code = new URLSearchParams(body).get('code') ?? '';
        const grant = codes.get(code);
        if (!grant) {
          res.writeHead(400, { 'content-type': 'application/json' });
          return res.end(JSON.stringify({ error: 'invalid_grant' }));
        }
        void new SignJWT({ nonce: grant.nonce, name: 'A Manager', groups: ['grp-barset-managers', 'grp-unmapped'] })
          .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
          .setIssuer(base)
          .setAudience(clientId)
          .setSubject('user-1')
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(privateKey)
          .then((idToken) => json({ access_token: 'at', token_type: 'Bearer', expires_in: 300, id_token: idToken }));
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: base, close: () => server.close() };
}
