import { CONTRACT_SCHEMAS, EVENT_TYPES } from '@casewatch/contracts';
import { Body, Controller, Delete, Get, HttpCode, Module, Post } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiBody, ApiConflictResponse, ApiNoContentResponse, ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { createApp } from '../create-app';
import { ObservabilityModule } from '../observability/observability.module';
import { operationsWithoutSchemas, unresolvedRefs } from './document-gaps';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

@Controller('v1/tenants/:tenant/things')
class ThingsController {
  @Get()
  @ApiOkResponse({ schema: ref('AlertList') })
  list() {
    return { items: [] };
  }

  @Post()
  @HttpCode(200)
  @ApiBody({ schema: ref('AcknowledgeRequest') })
  @ApiOkResponse({ schema: ref('Alert') })
  @ApiConflictResponse({ description: 'declared without a body: gets the problem schema' })
  ack(@Body() body: unknown) {
    return body;
  }

  @Get('stream')
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ content: { 'text/event-stream': { schema: { oneOf: [ref('MetricStreamEvent'), ref('QueueStreamEvent')] } } } })
  stream() {
    return '';
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'gone' })
  remove(): void {
    // 204: nothing to answer.
  }

  @Get('undocumented')
  undocumented() {
    return {};
  }
}

@Controller('health')
class LiveController {
  @Get('live')
  live() {
    return { status: 'ok' };
  }
}

@Module({ imports: [ObservabilityModule.forRoot('kit-test')], controllers: [ThingsController, LiveController] })
class TinyModule {}

// api.md's Alert, as the OpenAPI components must accept it.
const ALERT = {
  alertId: 'AL-1',
  deadlineId: 'D-1',
  rule: 'lac-visit',
  subject: 'C1029384',
  kind: 'overdue',
  status: 'firing',
  firedAt: '2026-10-13T23:00:00Z',
  teamId: 'T4',
  workerId: 'SW12',
};

describe('the OpenAPI document at /docs-json', () => {
  let app: NestFastifyApplication;
  let doc: {
    openapi: string;
    paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
    components: { schemas: Record<string, Record<string, unknown>> };
  };

  beforeAll(async () => {
    app = await createApp(TinyModule, { service: 'kit-test', title: 'test', description: 'test', logLevels: [] });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const res = await app.inject({ url: '/docs-json' });
    expect(res.statusCode).toBe(200);
    doc = res.json();
  });
  afterAll(() => app.close());

  it('is OpenAPI 3.1 with every contract and every event type as a component, all $refs resolving', () => {
    expect(doc.openapi).toBe('3.1.0');
    const names = Object.keys(doc.components.schemas);
    expect(names).toEqual(expect.arrayContaining([...Object.keys(CONTRACT_SCHEMAS), ...EVENT_TYPES, 'MetricStreamEvent', 'QueueStreamEvent']));
    expect(unresolvedRefs(doc)).toEqual([]);
    // A list refers to its item's component; CaseEvent to one component per type.
    expect((doc.components.schemas.AlertList.properties as { items: unknown }).items).toEqual({ type: 'array', items: ref('Alert') });
    expect(doc.components.schemas.CaseEvent.anyOf).toEqual(EVENT_TYPES.map(ref));
  });

  it('gives every error a problem+json body, and /v1 routes the refusals any route can give', () => {
    const ack = doc.paths['/v1/tenants/{tenant}/things'].post.responses;
    expect(Object.keys(ack).sort()).toEqual(['200', '400', '401', '403', '404', '409', '429']);
    for (const status of ['400', '401', '403', '404', '409', '429'])
      expect(ack[status].content).toEqual({ 'application/problem+json': { schema: ref('Problem') } });
    expect(Object.keys(doc.paths['/health/live'].get.responses)).toEqual(['200']);
  });

  it('finds the operations that lack a schema', () => {
    expect(operationsWithoutSchemas(doc)).toEqual(['GET /v1/tenants/{tenant}/things/undocumented 200']);
  });

  it('has components that are JSON Schema 2020-12 (the 3.1 dialect) and accept the api.md examples', () => {
    const ajv = addFormats(new Ajv2020({ strict: true, allErrors: true }), ['date', 'date-time', 'email', 'uri']);
    // The document itself as the base the components' #/components/schemas/X references point into.
    ajv.addKeyword('components');
    ajv.addSchema({ $id: 'openapi', components: doc.components });
    const schemaOf = (name: string) => ajv.compile({ $ref: `openapi#/components/schemas/${name}` });
    expect(schemaOf('AlertList')({ items: [ALERT], nextCursor: 'next' })).toBe(true);
    expect(schemaOf('AlertList')({ items: [{ ...ALERT, kind: 'late' }] })).toBe(false);
    expect(schemaOf('QueueStreamEvent')({ event: 'queue', id: '7', data: '{"queueId":"visits-overdue","size":3}' })).toBe(true);
  });
});
