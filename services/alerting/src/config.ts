import { loadEnv } from '@casewatch/service-kit';
import { bool, num, port, str } from 'envalid';

export const alertingEnvSpec = {
  PORT: port({ default: 3003 }),
  ALERTING_DB: str({ default: 'casewatch_alerting' }),
  ALERTING_CONSUMER_GROUP: str({ default: 'casewatch-alerting' }),
  ALERTING_FROM_BEGINNING: bool({ default: true, desc: 'a new consumer group replays the whole topic' }),
  DELIVERY_RETRY_BASE_MS: num({ default: 1000, desc: 'webhook retries wait up to base·2^attempt (full jitter)' }),
  DELIVERY_RETRY_CAP_MS: num({ default: 300_000 }),
  DELIVERY_MAX_ATTEMPTS: num({ default: 10, desc: 'after this many failures a delivery is marked failed' }),
  DELIVERY_TIMEOUT_MS: num({ default: 5000 }),
};

export type AlertingConfig = ReturnType<typeof loadAlertingConfig>;

export function loadAlertingConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadEnv(alertingEnvSpec, source);
}
