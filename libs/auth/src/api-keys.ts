import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { toRoles, toTenants, type Principal } from './principal';

/** A machine sender's key as stored: never the key itself, only its SHA-256. */
export interface StoredApiKey {
  id: string;
  sha256: string;
  tenants: '*' | string[];
  roles: string[];
}

const KEY_FORMAT = /^cwk_([a-z0-9]{8})_([A-Za-z0-9_-]{43})$/;

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** New random key (256 bits); the secret is shown once, the stored entry keeps its hash. */
export function generateApiKey(tenants: '*' | string[], roles: string[]): { key: string; stored: StoredApiKey } {
  const id = randomBytes(6).toString('hex').slice(0, 8);
  const key = `cwk_${id}_${randomBytes(32).toString('base64url')}`;
  return { key, stored: { id, sha256: hashApiKey(key), tenants, roles } };
}

export class ApiKeyRegistry {
  private readonly byId: Map<string, StoredApiKey>;

  constructor(keys: StoredApiKey[]) {
    this.byId = new Map(keys.map((k) => [k.id, k]));
  }

  static parse(json: string | undefined): ApiKeyRegistry {
    if (!json || json.trim() === '') return new ApiKeyRegistry([]);
    const parsed: unknown = JSON.parse(json);
    if (!Array.isArray(parsed)) throw new Error('API keys must be a JSON array');
    return new ApiKeyRegistry(parsed as StoredApiKey[]);
  }

  /** The key's principal, or undefined if it is not a known key (checked in constant time). */
  verify(key: string): Principal | undefined {
    const m = KEY_FORMAT.exec(key);
    if (!m) return undefined;
    const stored = this.byId.get(m[1]);
    if (!stored) return undefined;
    const expected = Buffer.from(stored.sha256, 'hex');
    const actual = Buffer.from(hashApiKey(key), 'hex');
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
    return { id: `api-key:${stored.id}`, kind: 'api-key', tenants: toTenants(stored.tenants), roles: toRoles(stored.roles) };
  }

  static looksLikeKey(token: string): boolean {
    return token.startsWith('cwk_');
  }
}
