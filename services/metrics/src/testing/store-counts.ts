import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';

/** True once the app's store holds `events` events and the settings of the tenant. */
export function storeHas(app: NestFastifyApplication, tenant: string, events: number): () => Promise<boolean> {
  const ds = app.get(DataSource);
  return async () => {
    const [{ c }] = await ds.query('SELECT count(*)::int AS c FROM case_events WHERE tenant = $1', [tenant]);
    const [{ t }] = await ds.query('SELECT count(*)::int AS t FROM tenant_settings WHERE tenant = $1', [tenant]);
    return c === events && t === 1;
  };
}
