import { TOPICS, validateTenantSettings, type TenantSettings } from '@casewatch/contracts';
import { BatchingPublisher } from '@casewatch/kafka';
import { ProblemException } from '@casewatch/service-kit';
import { HttpStatus, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TenantDirectory } from './tenant-directory';

export interface StoredTenant extends TenantSettings {
  tenant: string;
  updatedAt: string;
}

const TENANT_ID = /^[a-z0-9-]{2,40}$/;

@Injectable()
export class TenantsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: BatchingPublisher,
    private readonly directory: TenantDirectory,
  ) {}

  async get(tenant: string): Promise<StoredTenant> {
    const rows: { settings: TenantSettings; updated_at: Date }[] = await this.dataSource.query('SELECT settings, updated_at FROM tenants WHERE tenant = $1', [
      tenant,
    ]);
    if (rows.length === 0) throw new NotFoundException(`tenant ${tenant} not found`);
    return { tenant, ...rows[0].settings, updatedAt: rows[0].updated_at.toISOString() };
  }

  /**
   * Stores the settings and publishes them to csc.tenants.v1 in one step: the row is committed
   * only after Kafka acknowledged, so the table and the topic do not disagree.
   */
  async put(tenant: string, body: unknown): Promise<{ created: boolean; stored: StoredTenant }> {
    if (!TENANT_ID.test(tenant)) {
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'invalid tenant id', [{ pointer: '', message: 'a tenant id is 2-40 characters of a-z, 0-9 and -' }]);
    }
    const result = validateTenantSettings(body);
    if (!result.ok) {
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'invalid tenant settings', result.errors);
    }
    const settings = result.settings;
    return this.dataSource.transaction(async (manager) => {
      const rows: { created: boolean; updated_at: Date }[] = await manager.query(
        `INSERT INTO tenants (tenant, settings) VALUES ($1, $2)
         ON CONFLICT (tenant) DO UPDATE SET settings = EXCLUDED.settings, updated_at = now()
         RETURNING (xmax = 0) AS created, updated_at`,
        [tenant, JSON.stringify(settings)],
      );
      const stored: StoredTenant = { tenant, ...settings, updatedAt: rows[0].updated_at.toISOString() };
      try {
        await this.publisher.publish(TOPICS.tenants, [{ key: tenant, value: JSON.stringify(stored) }]);
      } catch {
        throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, 'Kafka is unavailable; the settings were not changed');
      }
      this.directory.remember(tenant);
      return { created: rows[0].created, stored };
    });
  }

  /** Same settings as stored already? Then start-up need not publish them again. */
  async isUnchanged(tenant: string, settings: unknown): Promise<boolean> {
    const rows: { same: boolean }[] = await this.dataSource.query('SELECT settings = $2::jsonb AS same FROM tenants WHERE tenant = $1', [
      tenant,
      JSON.stringify(settings),
    ]);
    return rows.length > 0 && rows[0].same;
  }
}
