import { ApiKeyRegistry, generateApiKey, hashApiKey } from './api-keys';

describe('API keys', () => {
  it('verifies a generated key and returns its tenants and roles', () => {
    const { key, stored } = generateApiKey(['rotherham'], ['ingest', 'bogus']);
    expect(stored.sha256).toBe(hashApiKey(key));
    // The secret is everything after `cwk_<id>_` (base64url may itself hold underscores).
    expect(JSON.stringify(stored)).not.toContain(key.slice(`cwk_${stored.id}_`.length));
    const registry = new ApiKeyRegistry([stored]);
    expect(registry.verify(key)).toEqual({
      id: `api-key:${stored.id}`,
      kind: 'api-key',
      tenants: ['rotherham'],
      roles: ['ingest'],
    });
  });

  it('refuses a key with a changed secret, an unknown id or a bad shape', () => {
    const { key, stored } = generateApiKey('*', ['read']);
    const registry = new ApiKeyRegistry([stored]);
    const last = key.at(-1) === 'A' ? 'B' : 'A';
    expect(registry.verify(key.slice(0, -1) + last)).toBeUndefined();
    expect(registry.verify(key.replace(stored.id, '00000000'))).toBeUndefined();
    expect(registry.verify('cwk_short')).toBeUndefined();
  });

  it('parses the stored list from JSON and refuses anything but an array', () => {
    const { key, stored } = generateApiKey('*', ['admin']);
    expect(ApiKeyRegistry.parse(JSON.stringify([stored])).verify(key)?.tenants).toBe('*');
    expect(ApiKeyRegistry.parse('').verify(key)).toBeUndefined();
    expect(() => ApiKeyRegistry.parse('{"id":1}')).toThrow('API keys must be a JSON array');
  });
});
