import { loadDashboardConfig } from './config';

describe('dashboard configuration', () => {
  it('refuses production without OIDC, a session secret and a token', () => {
    expect(() => loadDashboardConfig({ NODE_ENV: 'production' })).toThrow(/DASHBOARD_TOKEN.*SESSION_SECRET.*OIDC_ISSUER/);
  });

  it('uses the development token and the local APIs by default', () => {
    expect(loadDashboardConfig({})).toMatchObject({
      DASHBOARD_TOKEN: 'dev-admin',
      METRICS_URL: 'http://127.0.0.1:3002',
      ALERTING_URL: 'http://127.0.0.1:3003',
      PORT: 3000,
    });
  });
});
