import { TenantSettingsStore } from './tenant-settings.store';
import { compileTenant, type CompiledTenant, TimescalesError } from '@casewatch/timescales';
import { Injectable } from '@nestjs/common';
import { ruleConfigOf, rulesVersion } from './rules-version';

export interface TenantRuleSet {
  version: string;
  compiled: CompiledTenant;
}

const ENGLAND_DEFAULTS = { nation: 'england' as const };

/**
 * A tenant's rules as the engine runs them, with their version. A tenant not (yet) known from
 * csc.tenants.v1 gets England's default rules. Compiled once per settings object the repository
 * hands out (it keeps one per published version).
 */
@Injectable()
export class TenantRules {
  private readonly byTenant = new Map<string, { settings: object; rules: TenantRuleSet }>();

  constructor(private readonly tenants: TenantSettingsStore) {}

  async of(tenant: string): Promise<TenantRuleSet> {
    const settings = (await this.tenants.get(tenant))?.settings ?? ENGLAND_DEFAULTS;
    const cached = this.byTenant.get(tenant);
    if (cached && cached.settings === settings) return cached.rules;
    const config = ruleConfigOf(settings);
    const rules = { version: rulesVersion(config), compiled: compileTenant(config) };
    this.byTenant.set(tenant, { settings, rules });
    return rules;
  }

  /**
   * The compiled rules of each of these tenants, read once each (not per child). A tenant whose
   * rules cannot be compiled is left out and reported, so its children are left as they were.
   */
  async usable(tenants: Iterable<string>, broken: (tenant: string, err: TimescalesError) => void): Promise<Map<string, CompiledTenant>> {
    const out = new Map<string, CompiledTenant>();
    for (const tenant of new Set(tenants)) {
      try {
        out.set(tenant, (await this.of(tenant)).compiled);
      } catch (err) {
        if (!(err instanceof TimescalesError)) throw err;
        broken(tenant, err);
      }
    }
    return out;
  }
}
