import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

const TTL_MS = 5000;

/** Which tenants exist, cached briefly: checked for every event, changed rarely. */
@Injectable()
export class TenantDirectory {
  private known = new Map<string, number>();

  constructor(private readonly dataSource: DataSource) {}

  async exists(tenant: string): Promise<boolean> {
    const seen = this.known.get(tenant);
    if (seen !== undefined && Date.now() - seen < TTL_MS) return true;
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM tenants WHERE tenant = $1', [tenant]);
    if (rows.length > 0) this.known.set(tenant, Date.now());
    else this.known.delete(tenant);
    return rows.length > 0;
  }

  remember(tenant: string): void {
    this.known.set(tenant, Date.now());
  }
}
