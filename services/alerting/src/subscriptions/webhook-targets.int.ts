import { runMigrations } from '@casewatch/database';
import { authSettings, postgresSettings } from '@casewatch/service-kit';
import { Scenario, TEST_ENV, uniqueId, waitFor } from '@casewatch/testing';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { loadAlertingConfig } from '../config';
import { alertingDataSourceOptions } from '../database/data-source-options';
import { startAlerting } from '../testing/alerting-harness';
import { tenantKnown } from '../testing/tenant-known';
import { startWebhookReceiver } from '../testing/webhook-receiver';
import { DEV_WEBHOOK_SECRET_KEY } from './secret-box';
import { timeOrderedId } from './time-ordered-id';

const ADMIN = { authorization: 'Bearer dev-admin' };
const ONE_TRY_LEFT = { DELIVERY_RETRY_BASE_MS: '50', DELIVERY_RETRY_CAP_MS: '200', DELIVERY_MAX_ATTEMPTS: '5' };
// The production app has a database of its own: its worker sends every delivery of its database,
// and would refuse the loopback receivers of the tests that share casewatch_alerting_test.
const PRODUCTION_DB = 'casewatch_alerting_webhookprod_test';
jest.setTimeout(120_000);

interface Delivery {
  status: string;
  attempts: number;
  lastError: string | null;
}

/** Runs the checks of one app: POSTs, and a subscription stored before targets were checked. */
function targetsOf(app: () => NestFastifyApplication, s: Scenario) {
  const post = (target: string) =>
    app().inject({
      method: 'POST',
      url: `/v1/tenants/${s.tenant}/subscriptions`,
      headers: ADMIN,
      payload: { channel: 'webhook', target, filter: { rules: ['contact-decision'] } },
    });
  const refusal = async (target: string) => {
    const res = await post(target);
    expect(res.statusCode).toBe(400);
    const errors = res.json().errors as { pointer: string; message: string }[];
    expect(errors.map((e) => e.pointer)).toEqual(['/target']);
    return errors[0].message;
  };
  /** A row as one made before the checks existed would be. */
  const storedBefore = async (target: string) => {
    const id = timeOrderedId();
    await app()
      .get(DataSource)
      .query(`INSERT INTO subscriptions (id, tenant, channel, target, filter, digest) VALUES ($1, $2, 'webhook', $3, $4, 'none')`, [
        id,
        s.tenant,
        target,
        JSON.stringify({ rules: ['contact-decision'] }),
      ]);
    return id;
  };
  const deliveries = async (id: string) =>
    (await app().inject({ url: `/v1/tenants/${s.tenant}/subscriptions/${id}/deliveries`, headers: ADMIN })).json().items as Delivery[];
  const settled = (id: string) =>
    waitFor(
      async () => {
        const items = await deliveries(id);
        return items.length === 1 && items[0].status !== 'pending' ? items[0] : undefined;
      },
      { what: `the delivery of ${id} to settle`, timeoutMs: 30_000 },
    );
  return { post, refusal, storedBefore, settled };
}

describe('webhook targets outside production', () => {
  const s = new Scenario(uniqueId('targets'));
  let app: NestFastifyApplication;
  let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const t = targetsOf(() => app, s);

  beforeAll(async () => {
    hook = await startWebhookReceiver();
    app = await startAlerting(ONE_TRY_LEFT);
    await s.publishTenant({ name: 'Targets', nation: 'england', population0to17: 1000 });
    await tenantKnown(app, s.tenant);
  });

  afterAll(async () => {
    await app.close();
    await s.close();
    await hook.close();
  });

  it('allows loopback, and refuses metadata, link-local and private addresses (IPv4-mapped too) when subscribing', async () => {
    expect((await t.post(hook.url())).statusCode).toBe(201);
    expect(await t.refusal('http://169.254.169.254/latest/meta-data/')).toContain('169.254.169.254 is a cloud metadata address');
    expect(await t.refusal('http://[fd00:ec2::254]/')).toContain('is a cloud metadata address');
    expect(await t.refusal('http://[::ffff:169.254.169.254]/')).toContain('is a cloud metadata address');
    expect(await t.refusal('http://169.254.1.1/')).toContain('a link-local address');
    expect(await t.refusal('http://10.0.0.1/')).toContain('a private address');
    expect(await t.refusal('http://0.0.0.0:8080/')).toContain('an unspecified address');
  });

  it('refuses at delivery a target stored before the checks (169.254.169.254), once, without retrying', async () => {
    const metadata = await t.storedBefore('http://169.254.169.254/latest/meta-data/');
    const fine = await t.storedBefore(hook.url('127.0.0.1', '/fine'));
    await s.publishEvents([s.event('C1', 'csc.contact.received', '2026-11-02T09:00:00Z', { contactId: 'K1' })]);
    expect(await t.settled(metadata)).toEqual(
      expect.objectContaining({ status: 'failed', attempts: 1, lastError: 'target refused: 169.254.169.254 is a cloud metadata address' }),
    );
    expect(await t.settled(fine)).toEqual(expect.objectContaining({ status: 'delivered', attempts: 1 }));
  });
});

describe('webhook targets in production', () => {
  const s = new Scenario(uniqueId('prodtargets'));
  let app: NestFastifyApplication;
  let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const t = targetsOf(() => app, s);
  const warnings: string[] = [];

  beforeAll(async () => {
    hook = await startWebhookReceiver();
    const devConfig = loadAlertingConfig({ ...TEST_ENV, ALERTING_DB: PRODUCTION_DB });
    const settings = postgresSettings(devConfig, PRODUCTION_DB);
    await runMigrations(settings, alertingDataSourceOptions(settings));
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(function (this: Logger, message: unknown) {
      warnings.push(String(message));
    });
    app = await startAlerting(
      { NODE_ENV: 'production', ALERTING_DB: PRODUCTION_DB, WEBHOOK_SECRET_KEY: DEV_WEBHOOK_SECRET_KEY, WEBHOOK_ALLOW_HOSTS: 'localhost', ...ONE_TRY_LEFT },
      authSettings(devConfig), // dev-admin, which production does not accept, for the test's calls
    );
    await s.publishTenant({ name: 'Production targets', nation: 'england', population0to17: 1000 });
    await tenantKnown(app, s.tenant);
  });

  afterAll(async () => {
    await app.close();
    await s.close();
    await hook.close();
    jest.restoreAllMocks();
  });

  it('refuses loopback (127.0.0.1, ::1, IPv4-mapped) and private targets when subscribing, unless the host is in WEBHOOK_ALLOW_HOSTS', async () => {
    expect(await t.refusal(hook.url())).toContain('127.0.0.1 is a loopback address');
    expect(await t.refusal(hook.url('[::1]'))).toContain('::1 is a loopback address');
    expect(await t.refusal(hook.url('[::ffff:127.0.0.1]'))).toContain('a loopback address');
    expect(await t.refusal('http://192.168.1.20/hook')).toContain('a private address');
    expect(await t.refusal('http://100.100.100.200/')).toContain('a cloud metadata address');
    expect((await t.post(hook.url('localhost', '/listed'))).statusCode).toBe(201);
  });

  it('refuses at delivery a loopback target stored before the checks and logs it without the query, while the listed host gets the alert', async () => {
    const refused = await t.storedBefore(hook.url('127.0.0.1', '/old?token=do-not-log-me'));
    await s.publishEvents([s.event('C1', 'csc.contact.received', '2026-11-02T09:00:00Z', { contactId: 'K1' })]);
    expect(await t.settled(refused)).toEqual(
      expect.objectContaining({ status: 'failed', attempts: 1, lastError: 'target refused: 127.0.0.1 is a loopback address' }),
    );
    await waitFor(() => (hook.requests.length === 1 ? true : undefined), { what: 'the listed host’s delivery', timeoutMs: 30_000 });
    expect(hook.requests.map((r) => r.url)).toEqual(['/listed']);
    expect(warnings.some((w) => w.includes(`to http://127.0.0.1:${hook.port}/old not sent: target refused`))).toBe(true);
    expect(warnings.join('\n')).not.toContain('do-not-log-me');
  });
});
