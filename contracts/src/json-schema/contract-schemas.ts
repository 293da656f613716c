import type { TSchema } from '@sinclair/typebox';
import { AcknowledgeRequest, Alert, AlertList, AlertMessage, WebhookPayload } from '../api/alert';
import { Deadline, DeadlineList } from '../api/deadline';
import { ImportReport, ImportState, IngestionAccepted } from '../api/ingestion';
import { MetricCases, MetricList, MetricMessage, MetricValue, MetricWithHistory } from '../api/metric-value';
import { MetricBreakdown } from '../api/metric-breakdown';
import { Problem } from '../api/problem';
import { QueueList, QueueSize } from '../api/queue';
import { DeliveryList, Subscription, SubscriptionList, SubscriptionRequest } from '../api/subscription';
import { TenantRecord, TenantSettings } from '../api/tenant-settings';
import { ComparatorsUploadReport } from '../api/comparators-upload';
import { RegionMetric } from '../api/region-figures';
import { CaseEventSchema } from '../events/catalogue';

/**
 * Every named contract besides the per-type event schemas: the HTTP bodies of api.md and the
 * Kafka values. The names are the JSON Schema titles, the OpenAPI component names and the
 * files of contracts/schemas (kebab-case).
 */
export const CONTRACT_SCHEMAS = {
  CaseEvent: CaseEventSchema,
  IngestionAccepted,
  ImportReport,
  ImportState,
  TenantSettings,
  TenantRecord,
  ComparatorsUploadReport,
  MetricValue,
  MetricMessage,
  MetricList,
  MetricWithHistory,
  MetricCases,
  MetricBreakdown,
  RegionMetric,
  QueueList,
  QueueSize,
  Deadline,
  DeadlineList,
  Alert,
  AlertMessage,
  AlertList,
  AcknowledgeRequest,
  WebhookPayload,
  SubscriptionRequest,
  Subscription,
  SubscriptionList,
  DeliveryList,
  Problem,
} as const satisfies Record<string, TSchema>;

export type ContractName = keyof typeof CONTRACT_SCHEMAS;

/** What each contract is and where it travels; becomes the schema's `description`. */
export const CONTRACT_DESCRIPTIONS: Record<ContractName, string> = {
  CaseEvent: 'A case event (CloudEvents 1.0, catalogue v1): one of the per-type schemas. Value of csc.case-events.v1; body of POST /v1/events.',
  IngestionAccepted: '202 answer of POST /v1/events, sent once Kafka acknowledged every event.',
  ImportReport: 'Report of POST /v1/imports/{format} (imports.md "The report").',
  ImportState: 'Progress of an import, and its report once done: GET /v1/tenants/{tenant}/imports/{importId}, or a 202 of POST /v1/imports/{format}.',
  TenantSettings: 'Body of PUT /v1/tenants/{tenant}.',
  TenantRecord:
    'A tenant as stored: its settings with the tenant id and updatedAt. Answer of PUT and GET /v1/tenants/{tenant}; value of csc.tenants.v1 (key: the tenant).',
  ComparatorsUploadReport:
    'Answer of POST /v1/tenants/{tenant}/comparators (a LAIT table as CSV): the figures read, added and updated, rows passed over, and the settings as stored and published.',
  MetricValue: 'One figure of one metric for a period and scope (api.md "MetricValue").',
  MetricMessage: 'Value of csc.metrics.v1: a MetricValue with its tenant (key tenant:metricId:scope:period).',
  MetricList: 'GET /v1/tenants/{tenant}/metrics: every metric of the catalogue.',
  MetricWithHistory: 'GET /v1/tenants/{tenant}/metrics/{metricId}: a MetricValue; with history=N also the last N periods, oldest first.',
  MetricCases: 'GET /v1/tenants/{tenant}/metrics/{metricId}/cases: the children behind a figure (pseudonymous ids).',
  MetricBreakdown:
    'GET /v1/tenants/{tenant}/metrics/{metricId}/breakdown?by={dimension}: a metric split by a dimension (metrics.md "Breakdowns"), ranked, highest first.',
  RegionMetric: 'GET /v1/regions/{region}/metrics/{metricId}: one metric of the tenants that share with a region, ranked, with mean, median and quartiles.',
  QueueList: 'GET /v1/tenants/{tenant}/queues/{queueId}: a work queue, oldest first.',
  QueueSize: 'The data of a `queue` event of GET /v1/tenants/{tenant}/stream.',
  Deadline: 'A statutory timescale of one child (api.md "Deadline").',
  DeadlineList: 'GET /v1/tenants/{tenant}/deadlines.',
  Alert: 'An alert on a deadline (api.md "Alert").',
  AlertMessage: 'Value of csc.alerts.v1: an Alert with its tenant (key tenant:deadlineId).',
  AlertList: 'GET /v1/tenants/{tenant}/alerts, newest first.',
  AcknowledgeRequest: 'Body of POST /v1/tenants/{tenant}/alerts/{alertId}/ack.',
  WebhookPayload: 'Body POSTed to a webhook subscription.',
  SubscriptionRequest: 'Body of POST /v1/tenants/{tenant}/subscriptions.',
  Subscription: 'A subscription as returned by the API (never its secret).',
  SubscriptionList: 'GET /v1/tenants/{tenant}/subscriptions, in id order.',
  DeliveryList: 'GET /v1/tenants/{tenant}/subscriptions/{id}/deliveries.',
  Problem: 'RFC 9457 application/problem+json: every 4xx and 5xx answer.',
};
