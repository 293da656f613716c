import { randomBytes } from 'node:crypto';
import { DEV_WEBHOOK_SECRET_KEY, SecretBox, webhookSecretKey } from './secret-box';

describe('sealed webhook secrets', () => {
  const box = new SecretBox(randomBytes(32));

  it('seals so that only the same key, for the same subscription, opens it', () => {
    const sealed = box.seal('s3cret ✓', 'sub-1');
    expect(sealed).toMatch(/^v1:[\w-]+:[\w-]+:[\w-]+$/);
    expect(sealed).not.toContain('s3cret');
    expect(box.seal('s3cret ✓', 'sub-1')).not.toBe(sealed); // a fresh IV each time
    expect(box.open(sealed, 'sub-1')).toBe('s3cret ✓');
    expect(() => box.open(sealed, 'sub-2')).toThrow();
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 'sub-1')).toThrow();
  });

  it('wants WEBHOOK_SECRET_KEY in production, 32 bytes in base64, and has a fixed one elsewhere', () => {
    expect(() => webhookSecretKey({ NODE_ENV: 'production', WEBHOOK_SECRET_KEY: '' })).toThrow('must be set in production');
    expect(() => webhookSecretKey({ NODE_ENV: 'development', WEBHOOK_SECRET_KEY: 'short' })).toThrow('32 bytes in base64');
    const key = randomBytes(32).toString('base64');
    expect(webhookSecretKey({ NODE_ENV: 'production', WEBHOOK_SECRET_KEY: key }).toString('base64')).toBe(key);
    expect(webhookSecretKey({ NODE_ENV: 'test', WEBHOOK_SECRET_KEY: '' }).toString('base64')).toBe(DEV_WEBHOOK_SECRET_KEY);
  });
});
