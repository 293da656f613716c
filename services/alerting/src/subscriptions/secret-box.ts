import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Webhook secrets are kept encrypted (AES-256-GCM), not hashed: each delivery must sign with
 * them. The subscription id is the additional data, so a sealed secret copied to another
 * subscription does not open. Stored as `v1:<iv>:<tag>:<ciphertext>` (base64url).
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the webhook secret key must be 32 bytes');
  }

  seal(secret: string, subscriptionId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(subscriptionId, 'utf8'));
    const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), data].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join(':');
  }

  /** Throws when the value was not sealed with this key for this subscription. */
  open(sealed: string, subscriptionId: string): string {
    const [version, iv, tag, data] = sealed.split(':');
    if (version !== 'v1' || data === undefined) throw new Error('not a sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(subscriptionId, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  }
}

/** Used outside production only, so that development and tests need no set-up. */
export const DEV_WEBHOOK_SECRET_KEY = Buffer.from('casewatch-dev-only-webhook-key!!', 'utf8').toString('base64');

/** `WEBHOOK_SECRET_KEY`: 32 bytes in base64 (`openssl rand -base64 32`); required in production. */
export function webhookSecretKey(env: { NODE_ENV: string; WEBHOOK_SECRET_KEY: string }): Buffer {
  const value = env.WEBHOOK_SECRET_KEY || (env.NODE_ENV === 'production' ? '' : DEV_WEBHOOK_SECRET_KEY);
  if (value === '') throw new Error('WEBHOOK_SECRET_KEY must be set in production (32 bytes, base64: openssl rand -base64 32)');
  if (!/^[A-Za-z0-9+/]{43}=$/.test(value)) throw new Error('WEBHOOK_SECRET_KEY must be 32 bytes in base64 (openssl rand -base64 32)');
  return Buffer.from(value, 'base64');
}
