import { loadEnv } from '@casewatch/service-kit';
import { bool, num, port, str } from 'envalid';

export const metricsEnvSpec = {
  PORT: port({ default: 3002 }),
  METRICS_DB: str({ default: 'casewatch_metrics' }),
  METRICS_CONSUMER_GROUP: str({ default: 'casewatch-metrics' }),
  METRICS_FROM_BEGINNING: bool({ default: true, desc: 'a new consumer group replays the whole topic' }),
  METRICS_PARTITIONS_AT_ONCE: num({
    default: 12,
    desc: 'partitions handed over at once; once caught up, those that arrive together are stored in one transaction',
  }),
  METRICS_TOPIC: bool({ default: true, desc: 'publish figures to csc.metrics.v1' }),
  METRICS_TOPIC_MONTHS: num({ default: 13, desc: 'months csc.metrics.v1 carries (the running one and those before it), with the financial years they touch' }),
  METRICS_TOPIC_REFRESH_MS: num({ default: 60_000, desc: 'how often the running periods of every scope are computed again (deadlines fall due with time)' }),
  METRICS_TOPIC_REST_FACTOR: num({
    default: 4,
    desc: 'after computing a period and scope for the topic, rest this many times as long (4: at most a fifth of the time)',
  }),
  METRICS_STREAM_MAX_BUFFER_BYTES: num({ default: 1_048_576, desc: 'bytes an SSE client may leave unread before it is dropped' }),
  METRICS_WARM_ON_START: bool({ default: true, desc: "compute every tenant's current figures at start, before the first request" }),
};

export type MetricsConfig = ReturnType<typeof loadMetricsConfig>;

export function loadMetricsConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadEnv(metricsEnvSpec, source);
}
