import { authSettings, httpOptions, loadEnv, postgresSettings } from './common-env';
import { port } from 'envalid';

describe('configuration from the environment', () => {
  it('uses the local defaults', () => {
    const env = loadEnv({ PORT: port({ default: 3001 }) }, {});
    expect(env.PORT).toBe(3001);
    expect(env.KAFKA_BROKERS).toBe('127.0.0.1:9092');
    expect(postgresSettings(env, 'casewatch_x')).toMatchObject({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'casewatch_x' });
    expect(authSettings(env).devTokenEnabled).toBe(true);
  });

  it('fails at boot with a message naming each bad variable', () => {
    expect(() => loadEnv({ PORT: port() }, { PORT: 'eighty', NODE_ENV: 'staging' })).toThrow(
      /invalid configuration: .*NODE_ENV.*PORT|invalid configuration: .*PORT.*NODE_ENV/,
    );
  });

  it('turns the dev token off in production and wants OIDC settings together', () => {
    expect(authSettings(loadEnv({}, { NODE_ENV: 'production' })).devTokenEnabled).toBe(false);
    expect(() => loadEnv({}, { OIDC_ISSUER: 'https://login.example' })).toThrow('must be set together');
  });

  it('logs warnings and worse under test, info otherwise, and limits requests generously by default', () => {
    expect(httpOptions(loadEnv({}, { NODE_ENV: 'test' })).logLevels).toEqual(['fatal', 'error', 'warn']);
    expect(httpOptions(loadEnv({}, {})).logLevels).toContain('log');
    expect(httpOptions(loadEnv({}, { NODE_ENV: 'test', LOG_LEVEL: 'debug' })).logLevels).toContain('debug');
    expect(httpOptions(loadEnv({}, {})).rateLimitPerMinute).toBe(120_000);
    expect(httpOptions(loadEnv({}, { RATE_LIMIT_PER_MINUTE: '0', LOG_FORMAT: 'json' }))).toMatchObject({ rateLimitPerMinute: 0, json: true });
    expect(() => loadEnv({}, { LOG_LEVEL: 'loud' })).toThrow('LOG_LEVEL');
  });
});
