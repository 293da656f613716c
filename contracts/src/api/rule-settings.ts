import { Type, type Static } from '@sinclair/typebox';
import { EVENT_TYPES } from '../events/catalogue';
import { CalendarDate } from '../fields';
import { StringEnum } from '../schema-helpers';
import { RuleId } from './deadline';

// Per-tenant rule settings (timescales.md): switch a rule off or on, re-limit it from a date, or
// add a rule of the tenant's own.

export const LIMIT_UNITS = ['working-days', 'days', 'weeks', 'months', 'hours'] as const;
export type LimitUnit = (typeof LIMIT_UNITS)[number];

export const Limit = Type.Object({ n: Type.Integer({ minimum: 1 }), unit: StringEnum(LIMIT_UNITS) }, { additionalProperties: false });
export type Limit = Static<typeof Limit>;

/** One limit, or successive limits where the last repeats (e.g. 3 months, then 6 months). */
export const Limits = Type.Union([Limit, Type.Array(Limit, { minItems: 1, maxItems: 10 })], {
  description: 'a limit {n, unit} or a non-empty array of them',
});
export type Limits = Static<typeof Limits>;

/** How long before dueAt a deadline turns due-soon; n may be 0 (no warning). */
export const WarnBefore = Type.Object({ n: Type.Integer({ minimum: 0 }), unit: StringEnum(LIMIT_UNITS) }, { additionalProperties: false });
export type WarnBefore = Static<typeof WarnBefore>;

export const RuleOverride = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Limits),
    // Figures and deadlines before this London date keep the rule as it was.
    effectiveFrom: Type.Optional(CalendarDate),
    warnBefore: Type.Optional(WarnBefore),
    // Whether a virtual visit meets a visit rule (events.md: only if the tenant allows it).
    allowVirtual: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type RuleOverride = Static<typeof RuleOverride>;

const FieldName = Type.String({ pattern: '^[A-Za-z][A-Za-z0-9]{0,63}$', description: 'a data field name' });
const Scalar = Type.Union([Type.String(), Type.Number(), Type.Boolean()], {
  description: 'a string, number or boolean',
});
const FieldConditions = Type.Record(FieldName, Scalar, {
  additionalProperties: false,
  description: 'conditions keyed by data field name',
});

/** Which events start, complete or cancel a clock: a type, optionally with conditions on `data`. */
export const EventMatcher = Type.Object(
  {
    type: StringEnum(EVENT_TYPES),
    where: Type.Optional(FieldConditions),
    whereNot: Type.Optional(FieldConditions),
    // Fields that must equal the starting event's (e.g. the same contactId).
    sameAs: Type.Optional(Type.Array(FieldName)),
  },
  { additionalProperties: false },
);
export type EventMatcher = Static<typeof EventMatcher>;

const Matchers = Type.Array(EventMatcher, { minItems: 1 });

export const CustomRule = Type.Object(
  {
    id: RuleId,
    title: Type.String({ minLength: 1, maxLength: 200 }),
    starts: Matchers,
    completes: Matchers,
    cancels: Type.Optional(Matchers),
    limit: Limits,
    recurring: Type.Optional(Type.Boolean()),
    warnBefore: Type.Optional(WarnBefore),
    effectiveFrom: Type.Optional(CalendarDate),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CustomRule = Static<typeof CustomRule>;

/** `rules`: overrides keyed by rule id (e.g. "cp-visit"), plus `custom`, the tenant's own rules. */
export interface TenantRules {
  custom?: CustomRule[];
  [ruleId: string]: RuleOverride | CustomRule[] | undefined;
}

export const TenantRules = Type.Unsafe<TenantRules>(
  Type.Object(
    { custom: Type.Optional(Type.Array(CustomRule, { maxItems: 200 })) },
    {
      // `custom` is the one key that is not a rule id.
      patternProperties: { '^(?!custom$)[a-z0-9][a-z0-9-]{0,63}$': RuleOverride },
      additionalProperties: false,
      description: "overrides keyed by rule id (lowercase letters, digits and -), plus custom: the tenant's own rules",
    },
  ),
);

/** The override of one rule, if the tenant set one. */
export function ruleOverride(rules: TenantRules | undefined, ruleId: string): RuleOverride | undefined {
  const value = ruleId === 'custom' ? undefined : rules?.[ruleId];
  return Array.isArray(value) ? undefined : value;
}
