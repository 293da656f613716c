import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startIngestion } from './testing/ingestion-harness';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** References that point at nothing in the document. */
function unresolved(doc: Json): string[] {
  const refs: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref') refs.push(value as string);
      else walk(value);
    }
  };
  walk(doc);
  return refs.filter(
    (r) =>
      r
        .slice(2)
        .split('/')
        .reduce<Json | undefined>((node, part) => node?.[part], doc) === undefined,
  );
}

/** Request bodies, and 2xx/4xx responses that carry a body, without a schema. */
function withoutSchema(doc: Json, skip: string[] = []): string[] {
  const gaps: string[] = [];
  const lacks = (content: Json | undefined) => !content || Object.values(content).some((media: Json) => !media.schema);
  for (const [path, item] of Object.entries<Json>(doc.paths)) {
    for (const [method, op] of Object.entries<Json>(item)) {
      const name = `${method.toUpperCase()} ${path}`;
      if (skip.includes(name)) continue;
      if (op.requestBody && lacks(op.requestBody.content)) gaps.push(`${name} body`);
      for (const [status, res] of Object.entries<Json>(op.responses))
        if (/^[24]/.test(status) && status !== '204' && lacks(res.content)) gaps.push(`${name} ${status}`);
    }
  }
  return gaps;
}

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
    expect(unresolved(doc)).toEqual([]);
    expect(withoutSchema(doc)).toEqual([]);
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
