import { Type, type Static } from '@sinclair/typebox';
import { DateTime } from '../fields';
import { Nullable } from '../schema-helpers';
import { MetricId, MetricPeriod, MetricScope } from './metric-value';

/** One key of a breakdown (metrics.md "Breakdowns"). */
export const BreakdownItem = Type.Object(
  {
    key: Type.String({ minLength: 1, description: 'the code (e.g. 3B, C2, 10-15), or unknown for records without it' }),
    label: Type.String({ minLength: 1 }),
    // In the metric's unit: a count, or for a percentage metric the percentage within the key.
    value: Nullable(Type.Number(), { description: 'a number or null' }),
    // Count metrics: 100 × value / the metric's value, one decimal (shares of a multi-valued dimension may add up to more than 100).
    share: Type.Optional(Nullable(Type.Number(), { description: 'a percentage or null' })),
    numerator: Type.Optional(Type.Integer({ minimum: 0 })),
    denominator: Type.Optional(Type.Integer({ minimum: 0 })),
    rank: Type.Integer({ minimum: 1, description: '1 for the highest value; ties share the better rank (1, 2, 2, 4)' }),
  },
  { additionalProperties: false },
);
export type BreakdownItem = Static<typeof BreakdownItem>;

/** `GET /v1/tenants/{tenant}/metrics/{metricId}/breakdown?by=`: ranked, highest first; keys with nothing left out. */
export const MetricBreakdown = Type.Object(
  {
    metricId: MetricId,
    period: MetricPeriod,
    scope: MetricScope,
    by: Type.String({ minLength: 1, description: 'the dimension, e.g. factor, source, legalStatus, ageBand' }),
    asOf: DateTime,
    items: Type.Array(BreakdownItem),
  },
  { additionalProperties: false },
);
export type MetricBreakdown = Static<typeof MetricBreakdown>;
