import type { TenantSettings } from '@casewatch/contracts';
import { WorkingDayCalendar } from '@casewatch/timescales';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface KnownTenant {
  settings: TenantSettings;
  calendar: WorkingDayCalendar;
  /** When these settings were published (epoch ms): a version for caches. */
  updatedAt: number;
}

/** Tenants as followed from csc.tenants.v1, with their working-day calendar. */
@Injectable()
export class TenantSettingsStore {
  private readonly calendars = new Map<string, { stamp: number; known: KnownTenant }>();

  constructor(private readonly dataSource: DataSource) {}

  async upsert(tenant: string, settings: TenantSettings, updatedAt: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO tenant_settings (tenant, settings, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (tenant) DO UPDATE SET settings = EXCLUDED.settings, updated_at = EXCLUDED.updated_at
       WHERE tenant_settings.updated_at <= EXCLUDED.updated_at`,
      [tenant, JSON.stringify(settings), updatedAt.toISOString()],
    );
  }

  async get(tenant: string): Promise<KnownTenant | undefined> {
    const rows: { settings: TenantSettings; updated_at: Date }[] = await this.dataSource.query(
      'SELECT settings, updated_at FROM tenant_settings WHERE tenant = $1',
      [tenant],
    );
    if (rows.length === 0) return undefined;
    return this.known(tenant, rows[0].settings, rows[0].updated_at);
  }

  /** The tenants whose settings name this region and share with it (`shareWithRegion: true`), by id. */
  async sharingWith(region: string): Promise<{ tenant: string; known: KnownTenant }[]> {
    const rows: { tenant: string; settings: TenantSettings; updated_at: Date }[] = await this.dataSource.query(
      `SELECT tenant, settings, updated_at FROM tenant_settings
       WHERE settings->>'region' = $1 AND settings->'shareWithRegion' = 'true'::jsonb ORDER BY tenant`,
      [region],
    );
    return rows.map((r) => ({ tenant: r.tenant, known: this.known(r.tenant, r.settings, r.updated_at) }));
  }

  /** The settings with their calendar, built once per published version. */
  private known(tenant: string, settings: TenantSettings, updatedAt: Date): KnownTenant {
    const stamp = updatedAt.getTime();
    const cached = this.calendars.get(tenant);
    if (cached && cached.stamp === stamp) return cached.known;
    const known = { settings, updatedAt: stamp, calendar: new WorkingDayCalendar({ nation: settings.nation, closureDays: settings.closureDays ?? [] }) };
    this.calendars.set(tenant, { stamp, known });
    return known;
  }

  /** Every tenant followed so far. */
  async tenants(): Promise<string[]> {
    const rows: { tenant: string }[] = await this.dataSource.query('SELECT tenant FROM tenant_settings ORDER BY tenant');
    return rows.map((r) => r.tenant);
  }
}
