import * as contracts from '../index';
import { Alert, AlertMessage, WebhookPayload } from './alert';
import { Deadline } from './deadline';
import { IngestionAccepted } from './ingestion';
import { MetricMessage, MetricValue } from './metric-value';
import { Problem } from './problem';
import { QueueList } from './queue';
import { validateSubscriptionRequest } from './subscription';
import { API_ALERT, API_DEADLINE, API_METRIC_VALUE } from '../testing/api-examples';

const { compileValidator } = contracts;

const validMetric = compileValidator(MetricValue, 'the metric');
const validDeadline = compileValidator(Deadline);
const validAlert = compileValidator(Alert);

describe('MetricValue', () => {
  it('accepts the api.md example', () => {
    expect(validMetric(API_METRIC_VALUE)).toEqual({ ok: true, value: API_METRIC_VALUE });
  });

  it('accepts a percentage with a RAG and a team scope', () => {
    const value = { ...API_METRIC_VALUE, unit: 'percent', value: 87.5, numerator: 7, denominator: 8, rag: 'green', scope: 'team:T4', period: 'fy2026' };
    expect(validMetric(value).ok).toBe(true);
  });

  it('accepts quarters and ISO weeks as periods', () => {
    for (const period of ['fy2026-Q4', '2026-W01', '2026-W53']) expect(validMetric({ ...API_METRIC_VALUE, period }).ok).toBe(true);
    for (const period of ['fy2026-Q5', '2026-W00', '2026-W54', '2026-Q1']) expect(validMetric({ ...API_METRIC_VALUE, period }).ok).toBe(false);
  });

  it('names the field and the allowed values', () => {
    expect(validMetric({ ...API_METRIC_VALUE, unit: 'ratio', rag: 'blue', value: '604', period: 'current', scope: 'region' })).toEqual({
      ok: false,
      errors: [
        { pointer: '/unit', message: 'unit must be one of: count, percent, rate10k, days' },
        { pointer: '/period', message: 'period must be a period YYYY-MM, fyYYYY, fyYYYY-Qn or YYYY-Www' },
        { pointer: '/scope', message: 'scope must be a scope: la, team:{teamId} or worker:{workerId}' },
        { pointer: '/value', message: 'value must be a number or null' },
        { pointer: '/rag', message: 'rag must be one of: red, amber, green' },
      ],
    });
  });

  it('needs the tenant on the Kafka message', () => {
    const validMessage = compileValidator(MetricMessage);
    expect(validMessage({ tenant: 'rotherham', ...API_METRIC_VALUE }).ok).toBe(true);
    expect(validMessage(API_METRIC_VALUE)).toEqual({ ok: false, errors: [{ pointer: '/tenant', message: 'tenant is required' }] });
  });
});

describe('Deadline', () => {
  it('accepts the api.md example', () => {
    expect(validDeadline(API_DEADLINE).ok).toBe(true);
  });

  it('lists the states', () => {
    expect(validDeadline({ ...API_DEADLINE, state: 'late' })).toEqual({
      ok: false,
      errors: [{ pointer: '/state', message: 'state must be one of: open, due-soon, overdue, met, met-late, cancelled' }],
    });
  });
});

describe('Alert', () => {
  it('accepts a firing, acknowledged alert and a resolved one', () => {
    expect(validAlert(API_ALERT).ok).toBe(true);
    const resolved = { ...API_ALERT, kind: 'resolved', status: 'resolved', resolvedAt: '2026-10-15T10:00:00Z', reason: 'met' };
    expect(validAlert(resolved).ok).toBe(true);
  });

  it('names bad fields, including inside the acknowledgement', () => {
    expect(validAlert({ ...API_ALERT, kind: 'late', acknowledged: { by: 'x', at: 'now' } })).toEqual({
      ok: false,
      errors: [
        { pointer: '/kind', message: 'kind must be one of: due-soon, overdue, resolved' },
        { pointer: '/acknowledged/comment', message: 'acknowledged.comment is required' },
        { pointer: '/acknowledged/at', message: 'acknowledged.at must be an RFC 3339 date-time with offset' },
      ],
    });
  });

  it('shapes the Kafka message and the webhook body', () => {
    expect(compileValidator(AlertMessage)({ tenant: 'rotherham', ...API_ALERT }).ok).toBe(true);
    expect(compileValidator(WebhookPayload)({ version: '1', tenant: 'rotherham', alerts: [API_ALERT] }).ok).toBe(true);
  });
});

describe('other shapes', () => {
  it('accepts a problem with field errors', () => {
    const problem = {
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: '1 of 2 events is invalid',
      errors: [{ index: 1, pointer: '/data/kind', message: 'data.kind must be one of: cp, cin, lac' }],
    };
    expect(compileValidator(Problem)(problem).ok).toBe(true);
    expect(compileValidator(Problem)({ ...problem, status: 200 })).toEqual({
      ok: false,
      errors: [{ pointer: '/status', message: 'status must be at least 400' }],
    });
  });

  it('accepts the ingestion 202 body and a queue', () => {
    expect(compileValidator(IngestionAccepted)({ accepted: 2, duplicates: 1, ids: ['a', 'b'] }).ok).toBe(true);
    const queue = { asOf: '2026-11-23T12:00:00Z', items: [{ subject: 'C1', since: '2026-11-01', ageDays: 22, teamId: 'T4' }] };
    expect(compileValidator(QueueList)(queue).ok).toBe(true);
  });
});

describe('validateSubscriptionRequest', () => {
  it('accepts a webhook and an email subscription', () => {
    const webhook = {
      channel: 'webhook',
      target: 'https://hooks.example.gov.uk/casewatch',
      digest: 'none',
      secret: 's3cret-value',
      filter: { rules: ['lac-visit'], teams: ['T4'], workers: ['SW12'], kinds: ['overdue', 'resolved'] },
    };
    expect(validateSubscriptionRequest(webhook)).toEqual({ ok: true, value: webhook });
    expect(validateSubscriptionRequest({ channel: 'email', target: 'team4@example.gov.uk', digest: 'daily' }).ok).toBe(true);
  });

  it('needs a target that suits the channel', () => {
    expect(validateSubscriptionRequest({ channel: 'webhook', target: 'team4@example.gov.uk' })).toEqual({
      ok: false,
      errors: [{ pointer: '/target', message: 'target must be an http(s) URL for a webhook' }],
    });
    expect(validateSubscriptionRequest({ channel: 'email', target: 'https://example.gov.uk' })).toEqual({
      ok: false,
      errors: [{ pointer: '/target', message: 'target must be an email address for email' }],
    });
  });

  it('names bad filter values', () => {
    expect(validateSubscriptionRequest({ channel: 'sms', target: 'x', filter: { kinds: ['fired'] } })).toEqual({
      ok: false,
      errors: [
        { pointer: '/channel', message: 'channel must be one of: webhook, email' },
        { pointer: '/filter/kinds/0', message: 'filter.kinds[0] must be one of: due-soon, overdue, resolved' },
      ],
    });
  });
});

describe('every exported schema', () => {
  // additionalProperties false everywhere, except the deliberately open data of AnyEnvelope.
  function openObjects(schema: unknown, path: string, found: string[]): string[] {
    if (Array.isArray(schema)) schema.forEach((item, i) => openObjects(item, `${path}/${i}`, found));
    else if (typeof schema === 'object' && schema !== null) {
      const node = schema as Record<string, unknown>;
      if (node.type === 'object' && node.additionalProperties !== false) found.push(path);
      for (const [key, value] of Object.entries(node)) openObjects(value, `${path}/${key}`, found);
    }
    return found;
  }

  it('rejects unknown fields', () => {
    const open: string[] = [];
    for (const [name, value] of Object.entries(contracts)) {
      if (typeof value === 'object' && value !== null && name !== 'EXAMPLE_EVENTS') openObjects(value, name, open);
    }
    expect(open).toEqual(['AnyEnvelope/properties/data']);
  });

  it('compiles under ajv strict mode', () => {
    for (const [name, value] of Object.entries(contracts)) {
      const schema = value as { type?: unknown; anyOf?: unknown };
      if (typeof value !== 'object' || value === null || name === 'EXAMPLE_EVENTS' || name.endsWith('_SCHEMAS')) continue;
      if (schema.type === undefined && schema.anyOf === undefined) continue;
      expect(() => compileValidator(value as never)({})).not.toThrow();
    }
  });
});
