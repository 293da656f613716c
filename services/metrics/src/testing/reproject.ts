import { TenantRules } from '@casewatch/tenant-settings';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { ProjectionQueue } from '../projection/projection-queue';
import { ProjectionWriter } from '../projection/projection-writer';
import { TenantDataStore } from './tenant-data.store';

/**
 * Waits for the tenant's projections, then projects its children once more with this code. The
 * shared test database can have another build's metrics service on it, whose workers take
 * children from the same queue and project them as that build reads them.
 */
export async function projectedByThisBuild(app: NestFastifyApplication, tenant: string): Promise<void> {
  await app.get(ProjectionQueue).caughtUp(tenant, Date.now(), 60_000);
  const ds = app.get(DataSource);
  const rules = await app.get(TenantRules).usable([tenant], (_, err) => {
    throw err;
  });
  const subjects = await new TenantDataStore(ds).subjects(tenant);
  const writer = app.get(ProjectionWriter);
  await ds.transaction((m) =>
    writer.projectChildren(
      m,
      subjects.map((subject) => ({ tenant, subject })),
      (t) => rules.get(t),
    ),
  );
}
