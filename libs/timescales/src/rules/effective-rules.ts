// A tenant's rules: the defaults for its nation, its overrides (effective-dated: an override with
// effectiveFrom applies to clocks that start on or after that London date) and its own rules.
import { type CustomRule, type RuleOverride, type TenantRules, ruleOverride } from '@casewatch/contracts';
import { TimescalesError } from '../errors';
import { LIMIT_UNITS, type Limit } from '../limits';
import { isLocalDate, type LocalDate } from '../london-date';
import { assertNation, type Nation } from '../nation';
import { DEFAULT_RULES } from './default-rules';
import type { EffectiveRule, ResolvedRule, RuleDefinition, RuleSettings, TenantRuleConfig } from './types';

type Version = ResolvedRule['versions'][number];

function limitsOf(limit: Limit | readonly Limit[], ruleId: string): readonly Limit[] {
  const list: readonly Limit[] = Array.isArray(limit) ? limit : [limit as Limit];
  for (const l of list) {
    if (!l || !Number.isSafeInteger(l.n) || l.n < 0 || !LIMIT_UNITS.includes(l.unit)) {
      throw new TimescalesError('INVALID_LIMIT', `rule ${ruleId}: bad limit ${JSON.stringify(limit)}`);
    }
  }
  if (list.length === 0) throw new TimescalesError('INVALID_LIMIT', `rule ${ruleId}: no limit`);
  return list;
}

function checkDate(date: string | undefined, ruleId: string): void {
  if (date !== undefined && !isLocalDate(date)) {
    throw new TimescalesError('INVALID_LOCAL_DATE', `rule ${ruleId}: effectiveFrom must be YYYY-MM-DD, got ${date}`);
  }
}

function applyOverride(settings: RuleSettings, override: RuleOverride, ruleId: string): RuleSettings {
  return {
    enabled: override.enabled ?? settings.enabled,
    limits: override.limit === undefined ? settings.limits : limitsOf(override.limit, ruleId),
    warnBefore: override.warnBefore ?? settings.warnBefore,
    allowVirtual: override.allowVirtual ?? settings.allowVirtual,
  };
}

/**
 * Versions by date. `firstFrom`: a custom rule's own effectiveFrom (off before it). The override
 * applies from its effectiveFrom, or always.
 */
function versionsOf(ruleId: string, base: RuleSettings, firstFrom: LocalDate | undefined, override?: RuleOverride) {
  checkDate(firstFrom, ruleId);
  checkDate(override?.effectiveFrom, ruleId);
  const overrideFrom = override?.effectiveFrom;
  const at = (date: LocalDate | null): RuleSettings => {
    let s = base;
    if (override && (overrideFrom === undefined || (date !== null && date >= overrideFrom))) {
      s = applyOverride(s, override, ruleId);
    }
    if (firstFrom !== undefined && (date === null || date < firstFrom)) s = { ...s, enabled: false };
    return s;
  };
  const dates = [...new Set([firstFrom, overrideFrom].filter((d): d is LocalDate => d !== undefined))].sort();
  const versions: Version[] = [{ from: null, ...at(null) }];
  for (const date of dates) versions.push({ from: date, ...at(date) });
  return versions;
}

function fromDefault(def: RuleDefinition, nation: Nation, override: RuleOverride | undefined): ResolvedRule {
  const d = nation === 'wales' && def.wales ? { ...def, ...def.wales } : def;
  const base: RuleSettings = {
    enabled: d.enabled ?? true,
    limits: limitsOf(d.limit, d.id),
    warnBefore: d.warnBefore,
    allowVirtual: d.allowVirtual,
  };
  return {
    id: d.id,
    title: d.title,
    reference: d.reference,
    custom: false,
    starts: d.starts,
    completes: d.completes,
    cancels: d.cancels ?? [],
    startPolicy: d.startPolicy,
    key: d.key,
    recurring: d.recurring ?? false,
    longStay: d.longStay,
    versions: versionsOf(d.id, base, undefined, override),
  };
}

// Custom rules: every start opens its own clock; completions and cancels match by their sameAs.
function fromCustom(rule: CustomRule, override: RuleOverride | undefined): ResolvedRule {
  const base: RuleSettings = { enabled: rule.enabled ?? true, limits: limitsOf(rule.limit, rule.id), warnBefore: rule.warnBefore };
  return {
    id: rule.id,
    title: rule.title,
    custom: true,
    starts: rule.starts,
    completes: rule.completes,
    cancels: rule.cancels ?? [],
    startPolicy: 'parallel',
    recurring: rule.recurring ?? false,
    versions: versionsOf(rule.id, base, rule.effectiveFrom, override),
  };
}

/**
 * Every rule of a tenant with its settings by date: the defaults of its nation (with overrides
 * keyed by rule id), then its custom rules. A custom rule with a default rule's id replaces it.
 */
export function resolveRules(tenant: TenantRuleConfig): ResolvedRule[] {
  assertNation(tenant.nation);
  const rules: TenantRules | undefined = tenant.rules;
  const custom = rules?.custom ?? [];
  const replaced = new Set(custom.map((c) => c.id));
  const out: ResolvedRule[] = [];
  for (const def of DEFAULT_RULES) {
    if (!replaced.has(def.id)) out.push(fromDefault(def, tenant.nation, ruleOverride(rules, def.id)));
  }
  for (const c of custom) out.push(fromCustom(c, ruleOverride(rules, c.id)));
  return out;
}

/** The settings a rule has for clocks starting on `date`. */
export function settingsAt(rule: ResolvedRule, date: LocalDate): RuleSettings {
  const versions = rule.versions;
  for (let i = versions.length - 1; i > 0; i--) {
    const from = versions[i].from;
    if (from !== null && from <= date) return versions[i];
  }
  return versions[0];
}

/** The rules in force for clocks starting on `date` (switched-off rules left out). */
export function effectiveRules(tenant: TenantRuleConfig, date: LocalDate): EffectiveRule[] {
  checkDate(date, '(date)');
  const out: EffectiveRule[] = [];
  for (const rule of resolveRules(tenant)) {
    const { from: _from, ...settings } = settingsAt(rule, date) as Version;
    if (!settings.enabled) continue;
    const { versions: _versions, ...rest } = rule;
    out.push({ ...rest, ...settings });
  }
  return out;
}
