import { authSettings, loadEnv, postgresSettings } from './common-env';
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
});
