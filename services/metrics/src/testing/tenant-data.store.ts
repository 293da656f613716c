import type { DataSource } from 'typeorm';

/** What the tests ask of the store about one tenant: its events and settings stored, its children. */
export class TenantDataStore {
  constructor(private readonly dataSource: DataSource) {}

  /** How many events and settings rows (0 or 1) the tenant has. */
  async counts(tenant: string): Promise<{ events: number; settings: number }> {
    const [{ c }]: { c: number }[] = await this.dataSource.query('SELECT count(*)::int AS c FROM case_events WHERE tenant = $1', [tenant]);
    const [{ t }]: { t: number }[] = await this.dataSource.query('SELECT count(*)::int AS t FROM tenant_settings WHERE tenant = $1', [tenant]);
    return { events: c, settings: t };
  }

  /** Every child with a stored event. */
  async subjects(tenant: string): Promise<string[]> {
    const rows: { subject: string }[] = await this.dataSource.query('SELECT DISTINCT subject FROM case_events WHERE tenant = $1', [tenant]);
    return rows.map((r) => r.subject);
  }
}
