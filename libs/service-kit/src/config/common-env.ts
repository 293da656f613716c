import { readFileSync } from 'node:fs';
import { ApiKeyRegistry, type AuthSettings } from '@casewatch/auth';
import type { PostgresSettings } from '@casewatch/database';
import type { LogLevel } from '@nestjs/common';
import { cleanEnv, num, port, str, url, type CleanedEnv } from 'envalid';

/** Settings every service reads from the environment, with the local defaults. */
export const commonEnvSpec = {
  NODE_ENV: str({ choices: ['development', 'test', 'production'], default: 'development' }),
  HOST: str({ default: '127.0.0.1', desc: 'interface to listen on (0.0.0.0 in containers)' }),
  LOG_FORMAT: str({ choices: ['text', 'json'], default: 'text' }),
  LOG_LEVEL: str({
    choices: ['', 'error', 'warn', 'info', 'debug', 'verbose'],
    default: '',
    desc: 'least severe level logged; default warn under NODE_ENV=test, info otherwise',
  }),
  RATE_LIMIT_PER_MINUTE: num({ default: 120_000, desc: 'requests a minute per bearer token (per address without one); 0: no limit' }),
  KAFKA_BROKERS: str({ default: '127.0.0.1:9092', desc: 'comma-separated host:port list' }),
  KAFKA_CLIENT_ID: str({ default: '' }),
  PGHOST: str({ default: '127.0.0.1' }),
  PGPORT: port({ default: 5432 }),
  PGUSER: str({ default: 'postgres' }),
  PGPASSWORD: str({ default: '' }),
  PG_POOL_SIZE: num({ default: 10 }),
  REDIS_URL: url({ default: 'redis://127.0.0.1:6379' }),
  OIDC_ISSUER: str({ default: '' }),
  OIDC_AUDIENCE: str({ default: '' }),
  OIDC_JWKS_URL: str({ default: '' }),
  AUTH_TENANTS_CLAIM: str({ default: 'tenants' }),
  AUTH_ROLES_CLAIM: str({ default: 'roles' }),
  API_KEYS: str({ default: '', desc: 'JSON array of {id, sha256, tenants, roles}' }),
  API_KEYS_FILE: str({ default: '' }),
  PUBLISH_TIMEOUT_MS: num({ default: 10_000, desc: 'a publish not acknowledged by then fails (503 at the API)' }),
};

export type CommonEnv = CleanedEnv<{ [K in keyof typeof commonEnvSpec]: (typeof commonEnvSpec)[K] }>;

/** Validates once at boot; a bad value stops the process with a message naming the variable. */
export function loadEnv<S extends Record<string, unknown>>(extra: S, source: NodeJS.ProcessEnv = process.env): CleanedEnv<typeof commonEnvSpec & S> {
  const env = cleanEnv(source, { ...commonEnvSpec, ...extra } as typeof commonEnvSpec & S, {
    // Throw rather than exit, so the message reaches the caller (and tests); main exits on it.
    reporter: ({ errors }) => {
      const names = Object.entries(errors).map(([name, err]) => `${name}: ${(err as Error).message}`);
      if (names.length > 0) throw new Error(`invalid configuration: ${names.join('; ')}`);
    },
  });
  const oidc = [env.OIDC_ISSUER, env.OIDC_AUDIENCE, env.OIDC_JWKS_URL];
  if (oidc.some((v) => v !== '') && oidc.some((v) => v === '')) {
    throw new Error('OIDC_ISSUER, OIDC_AUDIENCE and OIDC_JWKS_URL must be set together');
  }
  // A plain copy: envalid's proxy throws on unknown keys, and Nest probes providers for hooks.
  return { ...env } as CleanedEnv<typeof commonEnvSpec & S>;
}

const LEVELS: Record<string, LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  verbose: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

/** The HTTP and logging settings createApp takes, from the environment. */
export function httpOptions(env: Pick<CommonEnv, 'NODE_ENV' | 'LOG_FORMAT' | 'LOG_LEVEL' | 'RATE_LIMIT_PER_MINUTE'>): {
  json: boolean;
  logLevels: LogLevel[];
  rateLimitPerMinute: number;
} {
  const level = env.LOG_LEVEL || (env.NODE_ENV === 'test' ? 'warn' : 'info');
  return { json: env.LOG_FORMAT === 'json', logLevels: LEVELS[level], rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE };
}

export function postgresSettings(env: CommonEnv, database: string): PostgresSettings {
  return {
    host: env.PGHOST,
    port: env.PGPORT,
    user: env.PGUSER,
    password: env.PGPASSWORD,
    database,
    poolSize: env.PG_POOL_SIZE,
  };
}

export function authSettings(env: CommonEnv): AuthSettings {
  const keysJson = env.API_KEYS_FILE ? readFileSync(env.API_KEYS_FILE, 'utf8') : env.API_KEYS;
  return {
    devTokenEnabled: env.NODE_ENV !== 'production',
    apiKeys: ApiKeyRegistry.parse(keysJson),
    oidc: env.OIDC_ISSUER
      ? {
          issuer: env.OIDC_ISSUER,
          audience: env.OIDC_AUDIENCE,
          jwksUrl: env.OIDC_JWKS_URL,
          tenantsClaim: env.AUTH_TENANTS_CLAIM,
          rolesClaim: env.AUTH_ROLES_CLAIM,
        }
      : undefined,
  };
}
