import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { startWebhookReceiver } from '../testing/webhook-receiver';
import { targetPolicy } from './target-policy';
import { WebhookSender } from './webhook-sender';
import { casewatchSignature, webhookHeaders } from './webhook-signing';
import { targetRefusal, type Resolve } from './webhook-target';

const development = targetPolicy({ NODE_ENV: 'development', WEBHOOK_ALLOW_HOSTS: '' });
const production = targetPolicy({ NODE_ENV: 'production', WEBHOOK_ALLOW_HOSTS: '' });

/** A resolver that knows only the names given (none of them exists in real DNS). */
const fakeDns =
  (names: Record<string, string[]>): Resolve =>
  async (host) => {
    const addresses = names[host];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

describe('webhook sending', () => {
  let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const senders: WebhookSender[] = [];
  const sender = (...args: ConstructorParameters<typeof WebhookSender>) => {
    const s = new WebhookSender(...args);
    senders.push(s);
    return s;
  };

  beforeAll(async () => {
    hook = await startWebhookReceiver();
  });
  afterAll(async () => {
    await Promise.all(senders.map((s) => s.close()));
    await hook.close();
  });

  it('connects to the address it checked: a name only the guard resolves reaches the receiver outside production', async () => {
    const before = hook.requests.length;
    const result = await sender(development, 5000, fakeDns({ 'hooks.test': ['127.0.0.1'] })).send(hook.url('hooks.test'), '{}', {});
    expect(result).toEqual({ ok: true });
    expect(hook.requests.length).toBe(before + 1);
  });

  it('refuses at delivery a name that resolves to a private or loopback address, without connecting, and for good', async () => {
    const dns = fakeDns({ 'rebound.test': ['10.0.0.5'], 'mixed.test': ['93.184.215.14', '192.168.1.2'], 'hooks.test': ['127.0.0.1'] });
    const s = sender(production, 5000, dns);
    const before = hook.requests.length;
    expect(await s.send('http://rebound.test/hook?token=abc', '{}', {})).toEqual({
      ok: false,
      refused: true,
      error: 'target refused: rebound.test resolves to a private address (10.0.0.5)',
    });
    expect(await s.send('http://mixed.test/hook', '{}', {})).toMatchObject({ refused: true, error: expect.stringContaining('192.168.1.2') });
    // The receiver listens there: only the guard keeps the request from it.
    expect(await s.send(hook.url('hooks.test'), '{}', {})).toMatchObject({ refused: true, error: expect.stringContaining('a loopback address') });
    expect(hook.requests.length).toBe(before);
  });

  it.each(['http://169.254.169.254/latest/meta-data', 'http://[fd00:ec2::254]/', 'http://[::ffff:169.254.169.254]/', 'http://[::ffff:a9fe:a9fe]/'])(
    'refuses the metadata address of %s everywhere',
    async (target) => {
      const result = await sender(development, 5000, fakeDns({})).send(target, '{}', {});
      expect(result).toMatchObject({ ok: false, refused: true, error: expect.stringContaining('a cloud metadata address') });
    },
  );

  it('refuses loopback literals in production, IPv4-mapped included', async () => {
    const s = sender(production, 5000, fakeDns({}));
    for (const target of [hook.url(), hook.url('[::ffff:127.0.0.1]'), hook.url('[::1]'), hook.url('0.0.0.0')]) {
      expect(await s.send(target, '{}', {})).toMatchObject({ refused: true });
    }
  });

  it('follows no redirect', async () => {
    const redirecting = await startWebhookReceiver();
    const s = sender(development, 5000, fakeDns({}));
    const plain = await import('node:http');
    const server = plain.createServer((_req, res) => res.writeHead(307, { location: redirecting.url() }).end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as import('node:net').AddressInfo).port;
      expect(await s.send(`http://127.0.0.1:${port}/`, '{}', {})).toEqual({ ok: false, error: 'HTTP 307' });
      expect(redirecting.requests).toHaveLength(0);
    } finally {
      server.close();
      await redirecting.close();
    }
  });

  it('checks targets when a subscription is made: the scheme, the literal, or every address of the name', async () => {
    const dns = fakeDns({ 'public.test': ['93.184.215.14'], 'inside.test': ['10.1.2.3'] });
    expect(await targetRefusal(production, 'http://public.test/x', dns)).toBeUndefined();
    expect(await targetRefusal(production, 'https://inside.test/x', dns)).toBe('inside.test resolves to a private address (10.1.2.3)');
    expect(await targetRefusal(production, 'http://nowhere.test/x', dns)).toBe('nowhere.test does not resolve');
    expect(await targetRefusal(production, 'http://127.0.0.1:8080/x', dns)).toBe('127.0.0.1 is a loopback address');
    expect(await targetRefusal(development, 'http://127.0.0.1:8080/x', dns)).toBeUndefined();
    expect(await targetRefusal(development, 'ftp://public.test/x', dns)).toBe('target must be an http or https URL');
    const listed = targetPolicy({ NODE_ENV: 'production', WEBHOOK_ALLOW_HOSTS: 'inside.test,127.0.0.1' });
    expect(await targetRefusal(listed, 'https://inside.test/x', dns)).toBeUndefined();
    expect(await targetRefusal(listed, 'http://127.0.0.1:8080/x', dns)).toBeUndefined();
  });
});

describe('webhook signatures', () => {
  const body = '{"version":"1","tenant":"t","alerts":[]}';
  const now = new Date('2026-11-20T09:00:00Z');

  it('signs id.timestamp.body as Standard Webhooks says, keyed by the secret’s UTF-8 bytes', () => {
    const h = webhookHeaders(body, 'sub:alert', 'plain ✓', now);
    expect(h['webhook-id']).toBe('sub:alert');
    expect(h['webhook-timestamp']).toBe('1795165200');
    const expected = createHmac('sha256', Buffer.from('plain ✓', 'utf8')).update(`sub:alert.1795165200.${body}`).digest('base64');
    expect(h['webhook-signature']).toBe(`v1,${expected}`);
    expect(h['x-casewatch-signature']).toBe(casewatchSignature(body, 'plain ✓'));
  });

  it('keys a whsec_ secret by its decoded bytes, so the library takes it as it is', () => {
    const whsec = `whsec_${Buffer.from('a key of thirty-two bytes, right').toString('base64')}`;
    const h = webhookHeaders(body, 'sub:alert', whsec, now);
    const expected = createHmac('sha256', Buffer.from('a key of thirty-two bytes, right')).update(`sub:alert.1795165200.${body}`).digest('base64');
    expect(h['webhook-signature']).toBe(`v1,${expected}`);
    expect(new Webhook(whsec).sign('sub:alert', now, body)).toBe(h['webhook-signature']);
  });

  it('sends id and timestamp but no signatures without a secret', () => {
    const h = webhookHeaders(body, 'sub:alert', null, now);
    expect(Object.keys(h).sort()).toEqual(['content-type', 'webhook-id', 'webhook-timestamp', 'x-casewatch-delivery']);
  });
});
