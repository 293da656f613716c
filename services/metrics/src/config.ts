import { loadEnv } from '@casewatch/service-kit';
import { bool, port, str } from 'envalid';

export const metricsEnvSpec = {
  PORT: port({ default: 3002 }),
  METRICS_DB: str({ default: 'casewatch_metrics' }),
  METRICS_CONSUMER_GROUP: str({ default: 'casewatch-metrics' }),
  METRICS_FROM_BEGINNING: bool({ default: true, desc: 'a new consumer group replays the whole topic' }),
};

export type MetricsConfig = ReturnType<typeof loadMetricsConfig>;

export function loadMetricsConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadEnv(metricsEnvSpec, source);
}
