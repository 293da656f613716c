import { Type, type Static } from '@sinclair/typebox';
import { DateTime, TenantId } from '../fields';
import { Nullable, StringEnum } from '../schema-helpers';
import { METRIC_UNITS, MetricId, MetricPeriod, POLARITIES } from './metric-value';

export const REGION_ID_PATTERN = '^[a-z0-9-]{2,40}$';

/** A regional performance network that tenants may share their figures with (metrics.md "Regions"). */
export const RegionId = Type.String({
  pattern: REGION_ID_PATTERN,
  description: 'a region of 2–40 lowercase letters, digits or -',
});

export const QUARTILES = ['A', 'B', 'C', 'D'] as const;
export type Quartile = (typeof QUARTILES)[number];

/** The grant in a token's tenants that lets it read a region's figures. */
export function regionGrant(region: string): string {
  return `region:${region}`;
}

const RegionNumber = Nullable(Type.Number(), { description: 'a number or null' });

/** One sharing tenant's figure in its region. */
export const RegionItem = Type.Object(
  {
    tenant: TenantId,
    name: Type.String({ minLength: 1 }),
    value: RegionNumber,
    // null when the value is null (nothing to rank).
    rank: Nullable(Type.Integer({ minimum: 1 }), { description: 'a rank from 1 (best) or null' }),
    // null for info and range metrics, and when the value is null.
    quartile: Nullable(StringEnum(QUARTILES), { description: 'one of: A, B, C, D, or null' }),
  },
  { additionalProperties: false },
);
export type RegionItem = Static<typeof RegionItem>;

/** `GET /v1/regions/{region}/metrics/{metricId}`: the sharing tenants only, best first. */
export const RegionMetric = Type.Object(
  {
    metricId: MetricId,
    title: Type.String({ minLength: 1 }),
    unit: StringEnum(METRIC_UNITS),
    polarity: StringEnum(POLARITIES),
    period: MetricPeriod,
    region: RegionId,
    // Over the tenants with a value; null when none has one.
    mean: RegionNumber,
    median: RegionNumber,
    // QUARTILE.INC's first, second and third points, low to high; null when no tenant has a value.
    quartilePoints: Nullable(Type.Array(Type.Number(), { minItems: 3, maxItems: 3 }), { description: 'three numbers, low to high, or null' }),
    asOf: DateTime,
    items: Type.Array(RegionItem),
  },
  { additionalProperties: false },
);
export type RegionMetric = Static<typeof RegionMetric>;
