import { TenantSettingsRepository } from './tenant-settings.repository';
import { compileTenant, type CompiledTenant } from '@casewatch/timescales';
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

  constructor(private readonly tenants: TenantSettingsRepository) {}

  async of(tenant: string): Promise<TenantRuleSet> {
    const settings = (await this.tenants.get(tenant))?.settings ?? ENGLAND_DEFAULTS;
    const cached = this.byTenant.get(tenant);
    if (cached && cached.settings === settings) return cached.rules;
    const config = ruleConfigOf(settings);
    const rules = { version: rulesVersion(config), compiled: compileTenant(config) };
    this.byTenant.set(tenant, { settings, rules });
    return rules;
  }
}
