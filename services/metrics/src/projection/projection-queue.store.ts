import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** What queueing a tenant's children again found: its projection already had the version, had another, or had none. */
export type Requeued = 'current' | 'changed' | 'new';

/**
 * The queue of children to project (children_to_project) and the rules version each tenant's
 * projection was made with (projected_tenants).
 */
@Injectable()
export class ProjectionQueueStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Every tenant with stored settings. */
  async storedTenants(): Promise<string[]> {
    const tenants: { tenant: string }[] = await this.dataSource.query('SELECT tenant FROM tenant_settings');
    return tenants.map((t) => t.tenant);
  }

  /** The rules version each of these tenants' projection was made with (absent: never projected). */
  async projectedVersions(tenants: string[]): Promise<Map<string, string>> {
    const rows: { tenant: string; rules_version: string }[] = await this.dataSource.query(
      'SELECT tenant, rules_version FROM projected_tenants WHERE tenant = ANY($1::text[])',
      [tenants],
    );
    return new Map(rows.map((r) => [r.tenant, r.rules_version]));
  }

  /** In one transaction: unless the tenant's projection has `version`, records it and queues every child of the tenant. */
  queueTenantAgain(tenant: string, version: string): Promise<Requeued> {
    return this.dataSource.transaction(async (m) => {
      const [row]: { rules_version: string }[] = await m.query('SELECT rules_version FROM projected_tenants WHERE tenant = $1 FOR UPDATE', [tenant]);
      if (row?.rules_version === version) return 'current';
      await m.query(
        `INSERT INTO projected_tenants (tenant, rules_version) VALUES ($1, $2)
         ON CONFLICT (tenant) DO UPDATE SET rules_version = EXCLUDED.rules_version`,
        [tenant, version],
      );
      // Also when new: its children may have been projected with the default rules before its settings came.
      await m.query(
        `INSERT INTO children_to_project (tenant, subject) SELECT DISTINCT tenant, subject FROM case_events WHERE tenant = $1
         ON CONFLICT (tenant, subject) DO NOTHING`,
        [tenant],
      );
      return row ? 'changed' : 'new';
    });
  }

  /** Whether a child of the tenant queued at or before `since` still waits. */
  async waitingSince(tenant: string, since: number): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM children_to_project WHERE tenant = $1 AND since <= $2 LIMIT 1', [
      tenant,
      new Date(since).toISOString(),
    ]);
    return rows.length > 0;
  }

  /** Runs `work` in a transaction of its own whose commit does not wait for the disk. */
  projecting<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (m) => {
      await m.query('SET LOCAL synchronous_commit TO off'); // a commit lost in a crash leaves the children queued
      return work(m);
    });
  }
}
