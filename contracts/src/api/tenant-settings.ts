import { Type, type Static } from '@sinclair/typebox';
import { CalendarDate, DateTime, TenantId } from '../fields';
import { StringEnum } from '../schema-helpers';
import { compileValidator } from '../validation/compile-validator';
import { MAX_ERRORS_PER_INPUT, type FieldError } from '../validation/field-errors';
import { MetricComparators, periodEndDate } from './comparators';
import { MetricId } from './metric-value';
import { RegionId } from './region-figures';
import { TenantRules } from './rule-settings';

export const NATIONS = ['england', 'wales'] as const;
export type Nation = (typeof NATIONS)[number];

export const DEFAULT_REPORTING_CUTOFF_WORKING_DAYS = 10;

export const MetricTarget = Type.Object({ target: Type.Number(), amberTolerance: Type.Number({ minimum: 0 }) }, { additionalProperties: false });
export type MetricTarget = Static<typeof MetricTarget>;

/** `PUT /v1/tenants/{tenant}` body. */
export const TenantSettings = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    // DfE 3-digit code (e.g. 372) or ONS code (e.g. W06000001).
    laCode: Type.Optional(Type.String({ pattern: '^[A-Z0-9]{3,9}$', description: 'an LA code such as 372 or W06000001' })),
    nation: StringEnum(NATIONS),
    // ONS mid-year estimate of children aged 0–17: the denominator of every rate per 10,000.
    population0to17: Type.Number({ minimum: 0 }),
    closureDays: Type.Optional(Type.Array(CalendarDate, { maxItems: 1000 })),
    reportingCutoffWorkingDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 30, default: DEFAULT_REPORTING_CUTOFF_WORKING_DAYS })),
    rules: Type.Optional(TenantRules),
    targets: Type.Optional(
      Type.Record(MetricId, MetricTarget, {
        additionalProperties: false,
        description: 'targets keyed by metric id (e.g. lac.children)',
      }),
    ),
    // England's, the statistical neighbours' or the region's figures by period (metrics.md "Comparators").
    comparators: Type.Optional(
      Type.Record(MetricId, MetricComparators, {
        additionalProperties: false,
        description: 'comparators keyed by metric id (e.g. lac.rate10k)',
      }),
    ),
    // The regional performance network the council belongs to; its figures are shown there only with shareWithRegion.
    region: Type.Optional(RegionId),
    shareWithRegion: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
);
export type TenantSettings = Static<typeof TenantSettings>;

/** A tenant as stored and as published on `csc.tenants.v1` (key: the tenant id). */
export const TenantRecord = Type.Object({ tenant: TenantId, ...TenantSettings.properties, updatedAt: DateTime }, { additionalProperties: false });
export type TenantRecord = Static<typeof TenantRecord>;

const checkSettings = compileValidator(TenantSettings, 'the settings');

export type TenantSettingsValidationResult = { ok: true; settings: TenantSettings } | { ok: false; errors: FieldError[] };

/** Schema check, then that custom rule ids are unique. */
export function validateTenantSettings(input: unknown): TenantSettingsValidationResult {
  const result = checkSettings(input);
  if (!result.ok) return result;
  const custom = result.value.rules?.custom ?? [];
  const seen = new Set<string>();
  const errors: FieldError[] = comparatorErrors(result.value.comparators);
  for (const [index, rule] of custom.entries()) {
    if (seen.has(rule.id)) {
      errors.push({
        pointer: `/rules/custom/${index}/id`,
        message: `rules.custom[${index}].id repeats the rule id ${rule.id}`,
      });
    }
    seen.add(rule.id);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, settings: result.value };
}

/** Each comparator's period exists (`2025-W53` does not), and no name repeats a period within a metric. */
function comparatorErrors(comparators: TenantSettings['comparators']): FieldError[] {
  const errors: FieldError[] = [];
  for (const [metricId, list] of Object.entries(comparators ?? {})) {
    const seen = new Set<string>();
    for (const [index, c] of list.entries()) {
      const at = `comparators.${metricId}[${index}]`;
      const pointer = `/comparators/${metricId}/${index}`;
      if (periodEndDate(c.period) === undefined) errors.push({ pointer: `${pointer}/period`, message: `${at}.period ${c.period} is not a period of its year` });
      const key = `${c.name}\u0000${c.period}`;
      if (seen.has(key)) errors.push({ pointer, message: `${at} repeats ${c.name} for ${c.period}` });
      seen.add(key);
    }
  }
  return errors.slice(0, MAX_ERRORS_PER_INPUT);
}

export const validateTenantRecord = compileValidator(TenantRecord, 'the tenant');
