import { loadEnv } from '@casewatch/service-kit';
import { bool, port, str } from 'envalid';

export const alertingEnvSpec = {
  PORT: port({ default: 3003 }),
  ALERTING_DB: str({ default: 'casewatch_alerting' }),
  ALERTING_CONSUMER_GROUP: str({ default: 'casewatch-alerting' }),
  ALERTING_FROM_BEGINNING: bool({ default: true, desc: 'a new consumer group replays the whole topic' }),
};

export type AlertingConfig = ReturnType<typeof loadAlertingConfig>;

export function loadAlertingConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadEnv(alertingEnvSpec, source);
}
