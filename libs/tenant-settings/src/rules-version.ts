import { createHash } from 'node:crypto';
import type { TenantSettings } from '@casewatch/contracts';
import type { TenantRuleConfig } from '@casewatch/timescales';

/** The part of a tenant's settings that deadlines depend on (not its name, population or targets). */
export function ruleConfigOf(settings: Pick<TenantSettings, 'nation' | 'closureDays' | 'rules'>): TenantRuleConfig {
  const config: { -readonly [K in keyof TenantRuleConfig]: TenantRuleConfig[K] } = { nation: settings.nation };
  if (settings.closureDays && settings.closureDays.length > 0) config.closureDays = [...new Set(settings.closureDays)].sort();
  if (settings.rules && Object.keys(settings.rules).length > 0) config.rules = settings.rules;
  return config;
}

/**
 * A short hash of the rule config, independent of key order: two versions differ exactly when
 * a child's deadlines could. Stored per tenant to know whether its children need re-evaluating.
 */
export function rulesVersion(config: TenantRuleConfig): string {
  return createHash('sha256').update(canonicalJson(config)).digest('hex').slice(0, 20);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
