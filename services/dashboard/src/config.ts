import { bool, cleanEnv, num, port, str, url } from 'envalid';

/**
 * The dashboard's settings. It has no database, Kafka or Redis of its own: it reads the public
 * HTTP APIs of metrics and alerting with its own token, so the common service settings do not apply.
 */
export const dashboardEnvSpec = {
  NODE_ENV: str({ choices: ['development', 'test', 'production'], default: 'development' }),
  HOST: str({ default: '127.0.0.1', desc: 'interface to listen on (0.0.0.0 in containers)' }),
  PORT: port({ default: 3000 }),
  LOG_FORMAT: str({ choices: ['text', 'json'], default: 'text' }),
  METRICS_URL: url({ default: 'http://127.0.0.1:3002' }),
  ALERTING_URL: url({ default: 'http://127.0.0.1:3003' }),
  DASHBOARD_TOKEN: str({ default: '', desc: 'bearer token for the metrics and alerting APIs (dev-admin outside production)' }),
  SESSION_SECRET: str({ default: '', desc: 'signs the session and CSRF cookies (at least 32 characters in production)' }),
  DEFAULT_TENANT: str({ default: 'demo', desc: 'where / leads in development' }),
  UPSTREAM_TIMEOUT_MS: num({ default: 15_000, desc: 'a metrics or alerting call not answered by then fails the page' }),
  PAGE_BUDGET_MS: num({ default: 5_000, desc: 'the overview waits this long for sparklines and queue sizes; later ones show on the next visit or live' }),
  OIDC_ISSUER: str({ default: '', desc: 'e.g. https://login.microsoftonline.com/{tenant-id}/v2.0' }),
  OIDC_CLIENT_ID: str({ default: '' }),
  OIDC_CLIENT_SECRET: str({ default: '' }),
  OIDC_REDIRECT_URL: str({ default: '', desc: "this dashboard's /auth/callback as the identity provider knows it" }),
  OIDC_SCOPES: str({ default: 'openid profile' }),
  OIDC_GROUPS_CLAIM: str({ default: 'groups' }),
  OIDC_GROUP_MAP: str({ default: '', desc: 'JSON {"<group id>": {"tenants": ["demo"], "roles": ["read", "manage"]}}' }),
  SECURE_COOKIES: bool({ default: false, desc: 'Secure cookies outside production too (behind HTTPS)' }),
  OIDC_ALLOW_HTTP: bool({ default: false, desc: 'talk to an http:// issuer (tests only; never with a real identity provider)' }),
};

export interface DashboardConfig {
  NODE_ENV: 'development' | 'test' | 'production';
  HOST: string;
  PORT: number;
  LOG_FORMAT: 'text' | 'json';
  METRICS_URL: string;
  ALERTING_URL: string;
  DASHBOARD_TOKEN: string;
  SESSION_SECRET: string;
  DEFAULT_TENANT: string;
  UPSTREAM_TIMEOUT_MS: number;
  PAGE_BUDGET_MS: number;
  OIDC_ISSUER: string;
  OIDC_CLIENT_ID: string;
  OIDC_CLIENT_SECRET: string;
  OIDC_REDIRECT_URL: string;
  OIDC_SCOPES: string;
  OIDC_GROUPS_CLAIM: string;
  OIDC_GROUP_MAP: string;
  SECURE_COOKIES: boolean;
  OIDC_ALLOW_HTTP: boolean;
  /** True in production: OIDC sign-in, Secure cookies, no development token. */
  production: boolean;
}

const DEV_SESSION_SECRET = 'casewatch-dashboard-development-session-secret';

/** Validates once at boot; a bad or missing value stops the process with a message naming it. */
export function loadDashboardConfig(source: NodeJS.ProcessEnv = process.env): DashboardConfig {
  const env = cleanEnv(source, dashboardEnvSpec, {
    reporter: ({ errors }) => {
      const names = Object.entries(errors).map(([name, err]) => `${name}: ${(err as Error).message}`);
      if (names.length > 0) throw new Error(`invalid configuration: ${names.join('; ')}`);
    },
  });
  const production = env.NODE_ENV === 'production';
  const config: DashboardConfig = {
    ...env,
    NODE_ENV: env.NODE_ENV as DashboardConfig['NODE_ENV'],
    LOG_FORMAT: env.LOG_FORMAT as DashboardConfig['LOG_FORMAT'],
    METRICS_URL: env.METRICS_URL.replace(/\/+$/, ''),
    ALERTING_URL: env.ALERTING_URL.replace(/\/+$/, ''),
    DASHBOARD_TOKEN: env.DASHBOARD_TOKEN || (production ? '' : 'dev-admin'),
    SESSION_SECRET: env.SESSION_SECRET || (production ? '' : DEV_SESSION_SECRET),
    production,
  };
  const missing: string[] = [];
  if (production) {
    if (!config.DASHBOARD_TOKEN) missing.push('DASHBOARD_TOKEN');
    if (config.SESSION_SECRET.length < 32) missing.push('SESSION_SECRET (at least 32 characters)');
    for (const name of ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URL', 'OIDC_GROUP_MAP'] as const) {
      if (!config[name]) missing.push(name);
    }
  }
  if (missing.length > 0) throw new Error(`invalid configuration: production needs ${missing.join(', ')}`);
  return config;
}
