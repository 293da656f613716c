import { loadEnv } from '@casewatch/service-kit';
import { port, str } from 'envalid';

export const metricsEnvSpec = {
  PORT: port({ default: 3002 }),
  METRICS_DB: str({ default: 'casewatch_metrics' }),
};

export type MetricsConfig = ReturnType<typeof loadMetricsConfig>;

export function loadMetricsConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadEnv(metricsEnvSpec, source);
}
