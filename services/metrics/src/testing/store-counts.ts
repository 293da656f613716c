import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { TenantDataStore } from './tenant-data.store';

/** True once the app's store holds `events` events and the settings of the tenant. */
export function storeHas(app: NestFastifyApplication, tenant: string, events: number): () => Promise<boolean> {
  const store = new TenantDataStore(app.get(DataSource));
  return async () => {
    const counts = await store.counts(tenant);
    return counts.events === events && counts.settings === 1;
  };
}
