import { Type, type Static } from '@sinclair/typebox';
import { CalendarDate, DateTime, PSEUDONYMOUS_ID_PATTERN, Subject, TenantId } from '../fields';
import { Nullable, StringEnum } from '../schema-helpers';
import { MetricValueComparator } from './comparators';
import { NextCursor } from './paging';

export const METRIC_UNITS = ['count', 'percent', 'rate10k', 'days'] as const;
export const POLARITIES = ['high', 'low', 'info', 'range'] as const;
export const DIRECTIONS = ['up', 'down', 'same'] as const;
export const TRENDS = ['better', 'worse', 'neutral'] as const;
export const RAGS = ['red', 'amber', 'green'] as const;
export type MetricUnit = (typeof METRIC_UNITS)[number];
export type Polarity = (typeof POLARITIES)[number];
export type Direction = (typeof DIRECTIONS)[number];
export type Trend = (typeof TRENDS)[number];
export type Rag = (typeof RAGS)[number];

const idPart = PSEUDONYMOUS_ID_PATTERN.slice(1, -1);

export const MetricId = Type.String({
  pattern: '^[a-z0-9][a-z0-9._-]{0,63}$',
  description: 'a metric id (e.g. lac.children)',
});

/**
 * A resolved period: a calendar month, a financial year starting in April, one of its quarters
 * (Q1 April–June … Q4 January–March) or an ISO week (`current` resolves to its month).
 */
export const MetricPeriod = Type.String({
  pattern: '^([0-9]{4}-(0[1-9]|1[0-2])|fy[0-9]{4}(-Q[1-4])?|[0-9]{4}-W(0[1-9]|[1-4][0-9]|5[0-3]))$',
  description: 'a period YYYY-MM, fyYYYY, fyYYYY-Qn or YYYY-Www',
});

export const MetricScope = Type.String({
  pattern: `^(la|team:${idPart}|worker:${idPart})$`,
  description: 'a scope: la, team:{teamId} or worker:{workerId}',
});

const MetricNumber = Nullable(Type.Number(), { description: 'a number or null' });

export const MetricValue = Type.Object(
  {
    metricId: MetricId,
    title: Type.String({ minLength: 1 }),
    unit: StringEnum(METRIC_UNITS),
    period: MetricPeriod,
    scope: MetricScope,
    // null when a percentage or average has nothing to divide by.
    value: MetricNumber,
    numerator: MetricNumber,
    denominator: MetricNumber,
    polarity: StringEnum(POLARITIES),
    target: MetricNumber,
    // null where the tenant set no target.
    rag: Nullable(StringEnum(RAGS), { description: 'one of: red, amber, green, or null' }),
    direction: StringEnum(DIRECTIONS),
    trend: StringEnum(TRENDS),
    firstReported: MetricNumber,
    revised: Type.Boolean(),
    asOf: DateTime,
    // Present when the tenant has comparators for the metric: for each name, the latest whose
    // period ends on or before the end of this figure's period (metrics.md "Comparators").
    comparators: Type.Optional(Type.Array(MetricValueComparator)),
  },
  { additionalProperties: false },
);
export type MetricValue = Static<typeof MetricValue>;

/** `csc.metrics.v1` value, keyed `tenant:metricId:scope:period`. */
export const MetricMessage = Type.Object({ tenant: TenantId, ...MetricValue.properties }, { additionalProperties: false });
export type MetricMessage = Static<typeof MetricMessage>;

/** `GET /v1/tenants/{tenant}/metrics`. */
export const MetricList = Type.Object({ asOf: DateTime, items: Type.Array(MetricValue) }, { additionalProperties: false });
export type MetricList = Static<typeof MetricList>;

/** `GET /v1/tenants/{tenant}/metrics/{metricId}`: one value; with `history=N`, the last N periods too, oldest first. */
export const MetricWithHistory = Type.Object({ ...MetricValue.properties, history: Type.Optional(Type.Array(MetricValue)) }, { additionalProperties: false });
export type MetricWithHistory = Static<typeof MetricWithHistory>;

/** `GET /v1/tenants/{tenant}/metrics/{metricId}/cases`: the children behind a figure, a page at a time. */
export const MetricCases = Type.Object(
  {
    asOf: DateTime,
    metricId: MetricId,
    period: MetricPeriod,
    items: Type.Array(
      Type.Object(
        { subject: Subject, dates: Type.Array(CalendarDate, { description: 'the London dates that put the child in the figure' }) },
        { additionalProperties: false },
      ),
    ),
    nextCursor: NextCursor,
  },
  { additionalProperties: false },
);
export type MetricCases = Static<typeof MetricCases>;
