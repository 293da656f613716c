import { waitFor } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Waits until the app has stored a tenant published on csc.tenants.v1 (until then its API answers 404). */
export async function tenantKnown(app: NestFastifyApplication, tenant: string): Promise<void> {
  await waitFor(
    async () =>
      (await app.inject({ url: `/v1/tenants/${tenant}/subscriptions?limit=1`, headers: { authorization: 'Bearer dev-admin' } })).statusCode === 200
        ? true
        : undefined,
    { what: `tenant ${tenant} known to alerting`, timeoutMs: 30_000 },
  );
}
