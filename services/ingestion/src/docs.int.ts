import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { operationsWithoutSchemas, unresolvedRefs } from '@casewatch/service-kit';
import { startIngestion } from './testing/ingestion-harness';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

describe('ingestion OpenAPI at /docs-json', () => {
  let app: NestFastifyApplication;
  let doc: Json;

  beforeAll(async () => {
    app = await startIngestion();
    const res = await app.inject({ url: '/docs-json' });
    expect(res.statusCode).toBe(200);
    doc = res.json();
  });
  afterAll(() => app.close());

  it('is OpenAPI 3.1 whose $refs all resolve and whose every body has a schema', () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(unresolvedRefs(doc)).toEqual([]);
    expect(operationsWithoutSchemas(doc)).toEqual([]);
  });

  it('takes case events and tenant settings as the contracts define them', () => {
    const events = doc.paths['/v1/events'].post;
    expect(events.requestBody.content['application/cloudevents+json'].schema).toEqual(ref('CaseEvent'));
    expect(events.requestBody.content['application/cloudevents-batch+json'].schema.items).toEqual(ref('CaseEvent'));
    expect(events.responses['202'].content['application/json'].schema).toEqual(ref('IngestionAccepted'));
    expect(events.responses['409'].content['application/problem+json'].schema).toEqual(ref('Problem'));
    // One schema per event type, its type a const.
    expect(doc.components.schemas['csc.contact.received'].properties.type).toEqual({ const: 'csc.contact.received', type: 'string' });
    const tenant = doc.paths['/v1/tenants/{tenant}'];
    expect(tenant.put.requestBody.content['application/json'].schema).toEqual(ref('TenantSettings'));
    expect(tenant.put.responses['201'].content['application/json'].schema).toEqual(ref('TenantRecord'));
    expect(tenant.get.responses['200'].content['application/json'].schema).toEqual(ref('TenantRecord'));
    const imports = doc.paths['/v1/imports/{format}'].post.responses;
    expect([imports['200'].content['application/json'].schema, imports['202'].content['application/json'].schema]).toEqual([
      ref('ImportReport'),
      ref('ImportState'),
    ]);
  });
});
