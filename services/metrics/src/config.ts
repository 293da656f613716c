import { loadEnv } from '@casewatch/service-kit';
import { bool, num, port, str } from 'envalid';

export const metricsEnvSpec = {
  PORT: port({ default: 3002 }),
  METRICS_DB: str({ default: 'casewatch_metrics' }),
  METRICS_CONSUMER_GROUP: str({ default: 'casewatch-metrics' }),
  METRICS_FROM_BEGINNING: bool({ default: true, desc: 'a new consumer group replays the whole topic' }),
  METRICS_PARTITIONS_AT_ONCE: num({ default: 12, desc: 'partitions handed over at once; once caught up, those that arrive together are stored in one transaction' }),
  METRICS_WARM_ON_START: bool({ default: true, desc: "compute every tenant's current figures at start, before the first request" }),
};

export type MetricsConfig = ReturnType<typeof loadMetricsConfig>;

export function loadMetricsConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadEnv(metricsEnvSpec, source);
}
