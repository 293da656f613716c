// Kafka topics (api.md). Services name topics through these constants, never as literals, and
// topics are created from TOPIC_SPECS with explicit partitions, never by auto-create.

export const TOPICS = {
  caseEvents: 'csc.case-events.v1',
  caseEventsDlq: 'csc.case-events.dlq.v1',
  metrics: 'csc.metrics.v1',
  alerts: 'csc.alerts.v1',
  tenants: 'csc.tenants.v1',
} as const;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

export interface TopicSpec {
  name: TopicName;
  partitions: number;
  /** Kafka topic configs, as strings, the way the admin API takes them. */
  configs: Record<string, string>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

// Partitions are the unit of consumer parallelism; 12 divides evenly among 1, 2, 3, 4 or 6
// instances. Tenants is tiny and read whole by every service, so one partition keeps it ordered.
export const TOPIC_SPECS: readonly TopicSpec[] = [
  // The system of record: kept forever so every projection can be rebuilt by replay.
  { name: TOPICS.caseEvents, partitions: 12, configs: { 'cleanup.policy': 'delete', 'retention.ms': '-1' } },
  {
    name: TOPICS.caseEventsDlq,
    partitions: 12,
    configs: { 'cleanup.policy': 'delete', 'retention.ms': String(30 * DAY_MS) },
  },
  // Latest value per key is all a reader needs.
  { name: TOPICS.metrics, partitions: 12, configs: { 'cleanup.policy': 'compact' } },
  {
    name: TOPICS.alerts,
    partitions: 12,
    configs: { 'cleanup.policy': 'delete', 'retention.ms': String(90 * DAY_MS) },
  },
  { name: TOPICS.tenants, partitions: 1, configs: { 'cleanup.policy': 'compact' } },
];

/** Headers of a dead-lettered message; its key and bytes are kept as received. */
export const DLQ_HEADERS = {
  error: 'error',
  sourceTopic: 'source-topic',
  partition: 'partition',
  offset: 'offset',
} as const;

/** Key of a case event: one child's events share a partition and stay in order. */
export function caseEventKey(tenant: string, subject: string): string {
  return `${tenant}:${subject}`;
}

/** Key of a metric value; compaction keeps the latest per metric, scope and period. */
export function metricKey(tenant: string, metricId: string, scope: string, period: string): string {
  return `${tenant}:${metricId}:${scope}:${period}`;
}

export function alertKey(tenant: string, deadlineId: string): string {
  return `${tenant}:${deadlineId}`;
}
