import { loadEnv } from '@casewatch/service-kit';
import { bool, email, num, port, str, url } from 'envalid';
import { webhookSecretKey } from './subscriptions/secret-box';
import { checkAllowHosts } from './subscriptions/target-policy';

export const alertingEnvSpec = {
  PORT: port({ default: 3003 }),
  ALERTING_DB: str({ default: 'casewatch_alerting' }),
  ALERTING_CONSUMER_GROUP: str({ default: 'casewatch-alerting' }),
  ALERTING_FROM_BEGINNING: bool({ default: true, desc: 'a new consumer group replays the whole topic' }),
  ALERTING_PARTITIONS_AT_ONCE: num({ default: 3, desc: 'case-event partitions applied concurrently (overlaps Node and Postgres work)' }),
  DELIVERY_RETRY_BASE_MS: num({ default: 1000, desc: 'webhook retries wait up to base·2^attempt (full jitter)' }),
  DELIVERY_RETRY_CAP_MS: num({ default: 300_000 }),
  DELIVERY_MAX_ATTEMPTS: num({ default: 10, desc: 'after this many failures a delivery is marked failed' }),
  DELIVERY_TIMEOUT_MS: num({ default: 5000 }),
  DELIVERY_LEASE_MS: num({ default: 60_000, desc: 'a claimed delivery is sent again after this if its sender died' }),
  SMTP_HOST: str({ default: '', desc: 'mail relay for email subscriptions; unset, email subscriptions are refused (501)' }),
  SMTP_PORT: port({ default: 587 }),
  SMTP_SECURE: bool({ default: false, desc: 'TLS from the first byte (port 465); otherwise STARTTLS when the relay offers it' }),
  SMTP_USER: str({ default: '' }),
  SMTP_PASSWORD: str({ default: '' }),
  SMTP_FROM: email({ default: 'casewatch@localhost.localdomain' }),
  PUBLIC_BASE_URL: url({ default: 'http://127.0.0.1:3003', desc: 'where links in emails point: this service as users reach it' }),
  DIGEST_HOUR: num({ default: 7, choices: [...Array(24).keys()], desc: 'London hour (0–23) at which daily digests are sent' }),
  DIGEST_TIMER: bool({ default: true, desc: 'send digests at DIGEST_HOUR; off, only an explicit run sends them (tests)' }),
  WEBHOOK_ALLOW_HOSTS: str({ default: '', desc: 'comma-separated hosts, IPs or CIDR networks webhooks may reach though private (or loopback in production)' }),
  WEBHOOK_SECRET_KEY: str({ default: '', desc: 'AES-256 key (32 bytes, base64) sealing webhook secrets; required in production' }),
};

export type AlertingConfig = ReturnType<typeof loadAlertingConfig>;

export function loadAlertingConfig(source: NodeJS.ProcessEnv = process.env) {
  const env = loadEnv(alertingEnvSpec, source);
  try {
    webhookSecretKey(env);
    checkAllowHosts(env.WEBHOOK_ALLOW_HOSTS);
  } catch (err) {
    throw new Error(`invalid configuration: ${(err as Error).message}`);
  }
  return env;
}
