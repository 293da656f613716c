import { Injectable } from '@nestjs/common';
import { TenantStore } from './tenant.store';

const TTL_MS = 5000;

/** Which tenants exist, cached briefly: checked for every event, changed rarely. */
@Injectable()
export class TenantDirectory {
  private known = new Map<string, number>();

  constructor(private readonly store: TenantStore) {}

  async exists(tenant: string): Promise<boolean> {
    const seen = this.known.get(tenant);
    if (seen !== undefined && Date.now() - seen < TTL_MS) return true;
    const exists = await this.store.exists(tenant);
    if (exists) this.known.set(tenant, Date.now());
    else this.known.delete(tenant);
    return exists;
  }

  remember(tenant: string): void {
    this.known.set(tenant, Date.now());
  }
}
