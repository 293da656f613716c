import type { TenantSettings } from '@casewatch/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface TenantRow {
  settings: TenantSettings;
  updatedAt: Date;
}

/** The tenants table: each tenant's settings as last accepted. */
@Injectable()
export class TenantStore {
  constructor(private readonly dataSource: DataSource) {}

  async exists(tenant: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM tenants WHERE tenant = $1', [tenant]);
    return rows.length > 0;
  }

  async settingsOf(tenant: string): Promise<TenantRow | undefined> {
    const rows: { settings: TenantSettings; updated_at: Date }[] = await this.dataSource.query('SELECT settings, updated_at FROM tenants WHERE tenant = $1', [
      tenant,
    ]);
    return rows[0] && { settings: rows[0].settings, updatedAt: rows[0].updated_at };
  }

  /** The settings, locked until the caller's transaction ends (a change reads, alters and saves them). */
  async settingsForUpdate(manager: EntityManager, tenant: string): Promise<TenantSettings | undefined> {
    const rows: { settings: TenantSettings }[] = await manager.query('SELECT settings FROM tenants WHERE tenant = $1 FOR UPDATE', [tenant]);
    return rows[0]?.settings;
  }

  /** Whether the tenant's stored settings are exactly these. */
  async holds(tenant: string, settings: unknown): Promise<boolean> {
    const rows: { same: boolean }[] = await this.dataSource.query('SELECT settings = $2::jsonb AS same FROM tenants WHERE tenant = $1', [
      tenant,
      JSON.stringify(settings),
    ]);
    return rows.length > 0 && rows[0].same;
  }

  /** Creates or replaces the settings within the caller's transaction (it commits only once they are published). */
  async save(manager: EntityManager, tenant: string, settings: TenantSettings): Promise<{ created: boolean; updatedAt: Date }> {
    const rows: { created: boolean; updated_at: Date }[] = await manager.query(
      `INSERT INTO tenants (tenant, settings) VALUES ($1, $2)
       ON CONFLICT (tenant) DO UPDATE SET settings = EXCLUDED.settings, updated_at = now()
       RETURNING (xmax = 0) AS created, updated_at`,
      [tenant, JSON.stringify(settings)],
    );
    return { created: rows[0].created, updatedAt: rows[0].updated_at };
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
