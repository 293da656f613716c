import { TOPICS, validateTenantSettings, type TenantSettings } from '@casewatch/contracts';
import { BatchingPublisher } from '@casewatch/kafka';
import { ProblemException } from '@casewatch/service-kit';
import { HttpStatus, Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TenantDirectory } from './tenant-directory';
import { TenantStore } from './tenant.store';

export interface StoredTenant extends TenantSettings {
  tenant: string;
  updatedAt: string;
}

const TENANT_ID = /^[a-z0-9-]{2,40}$/;

@Injectable()
export class TenantsService {
  constructor(
    private readonly store: TenantStore,
    private readonly publisher: BatchingPublisher,
    private readonly directory: TenantDirectory,
  ) {}

  async get(tenant: string): Promise<StoredTenant> {
    const row = await this.store.settingsOf(tenant);
    if (!row) throw new NotFoundException(`tenant ${tenant} not found`);
    return { tenant, ...row.settings, updatedAt: row.updatedAt.toISOString() };
  }

  /**
   * Stores the settings and publishes them to csc.tenants.v1 in one step: the row is committed
   * only after Kafka acknowledged, so the table and the topic do not disagree.
   */
  async put(tenant: string, body: unknown): Promise<{ created: boolean; stored: StoredTenant }> {
    if (!TENANT_ID.test(tenant)) {
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'invalid tenant id', [{ pointer: '', message: 'a tenant id is 2-40 characters of a-z, 0-9 and -' }]);
    }
    const settings = checked(body);
    return this.store.transaction((manager) => this.saveAndPublish(manager, tenant, settings));
  }

  /**
   * Changes an existing tenant's settings (e.g. its comparators): read and locked, changed,
   * checked as a PUT body is, then stored and published as PUT does. 404 for an unknown tenant.
   */
  async change(tenant: string, alter: (settings: TenantSettings) => unknown): Promise<StoredTenant> {
    return this.store.transaction(async (manager) => {
      const current = await this.store.settingsForUpdate(manager, tenant);
      if (!current) throw new NotFoundException(`tenant ${tenant} not found`);
      return (await this.saveAndPublish(manager, tenant, checked(alter(current)))).stored;
    });
  }

  private async saveAndPublish(manager: EntityManager, tenant: string, settings: TenantSettings): Promise<{ created: boolean; stored: StoredTenant }> {
    const { created, updatedAt } = await this.store.save(manager, tenant, settings);
    const stored: StoredTenant = { tenant, ...settings, updatedAt: updatedAt.toISOString() };
    try {
      await this.publisher.publish(TOPICS.tenants, [{ key: tenant, value: JSON.stringify(stored) }]);
    } catch {
      throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, 'Kafka is unavailable; the settings were not changed');
    }
    this.directory.remember(tenant);
    return { created, stored };
  }

  /** Same settings as stored already? Then start-up need not publish them again. */
  async isUnchanged(tenant: string, settings: unknown): Promise<boolean> {
    return this.store.holds(tenant, settings);
  }
}

function checked(body: unknown): TenantSettings {
  const result = validateTenantSettings(body);
  if (!result.ok) throw new ProblemException(HttpStatus.BAD_REQUEST, 'invalid tenant settings', result.errors);
  return result.settings;
}
