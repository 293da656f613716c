import { loadEnv } from '@casewatch/service-kit';
import { port, str } from 'envalid';

export const alertingEnvSpec = {
  PORT: port({ default: 3003 }),
  ALERTING_DB: str({ default: 'casewatch_alerting' }),
};

export type AlertingConfig = ReturnType<typeof loadAlertingConfig>;

export function loadAlertingConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadEnv(alertingEnvSpec, source);
}
