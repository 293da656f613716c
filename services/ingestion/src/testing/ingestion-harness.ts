import type { AuthSettings } from '@casewatch/auth';
import { TEST_ENV, uniqueId } from '@casewatch/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { buildIngestionApp } from '../bootstrap';
import { loadIngestionConfig } from '../config';

/** A real ingestion app (real Kafka, Postgres, Redis) driven in-process through Fastify's inject. */
export async function startIngestion(env: NodeJS.ProcessEnv = {}, auth?: AuthSettings): Promise<NestFastifyApplication> {
  const config = loadIngestionConfig({ ...TEST_ENV, ...env });
  const app = await buildIngestionApp(config, auth);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

export const ADMIN = { authorization: 'Bearer dev-admin' };

export async function createTenant(app: NestFastifyApplication, tenant = uniqueId('t')): Promise<string> {
  const res = await app.inject({
    method: 'PUT',
    url: `/v1/tenants/${tenant}`,
    headers: ADMIN,
    payload: { name: `Test ${tenant}`, nation: 'england', population0to17: 50000 },
  });
  if (res.statusCode !== 201) throw new Error(`tenant ${tenant} not created: ${res.statusCode} ${res.body}`);
  return tenant;
}

/** A valid csc.visit.completed, one hour ago; override any field. */
export function visitEvent(tenant: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    specversion: '1.0',
    id: uniqueId('ev'),
    source: 'urn:la:999:test',
    type: 'csc.visit.completed',
    time: new Date(Date.now() - 3_600_000).toISOString(),
    subject: uniqueId('C').replace('-', ''),
    tenant,
    data: { visitId: uniqueId('V'), kind: 'cp', seen: true },
    ...overrides,
  };
}

export async function postEvents(app: NestFastifyApplication, body: unknown, contentType = 'application/json', token = 'dev-admin') {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  return app.inject({
    method: 'POST',
    url: '/v1/events',
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    payload,
  });
}
