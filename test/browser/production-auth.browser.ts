import { sign } from '@fastify/cookie';
import { spawn } from 'node:child_process';
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
    const child = spawn(process.execPath, [builtFile('services/dashboard/src/main.js')], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout?.on('data', (d) => (log += d));
    child.stderr?.on('data', (d) => (log += d));
    dashboard = { name: 'dashboard', port: PORT, url: `http://127.0.0.1:${PORT}`, process: child, output: () => log };
    // Ready needs metrics and alerting (absent here); live is enough.
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`dashboard exited:\n${log}`);
      return (await fetch(`${dashboard.url}/health/live`).catch(() => undefined))?.ok;
    }, { timeoutMs: 30_000, what: 'the production dashboard' });
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

