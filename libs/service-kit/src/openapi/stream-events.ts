import { componentRef, type SchemaMap } from './component-ref';

/**
 * One Server-Sent Event whose `data` is JSON of a named schema. OpenAPI 3.1 has no
 * event-stream item schema (3.2 adds itemSchema), so each event is described as the fields of
 * the SSE message, `data` carrying its schema through JSON Schema's contentSchema.
 */
export function streamEvent(event: string, dataSchema: string, description: string): Record<string, unknown> {
  return {
    title: `event: ${event}`,
    description,
    type: 'object',
    required: ['event', 'data', 'id'],
    properties: {
      event: { const: event },
      id: { type: 'string', description: 'resume after it with the Last-Event-ID header' },
      data: { type: 'string', contentMediaType: 'application/json', contentSchema: { $ref: componentRef(dataSchema) } },
    },
  };
}

/** The events of GET /v1/tenants/{tenant}/stream (api.md "Metrics"). */
export const STREAM_EVENT_SCHEMAS: SchemaMap = {
  MetricStreamEvent: streamEvent('metric', 'MetricValue', '`event: metric`: a metric value changed (or the snapshot on connect).'),
  QueueStreamEvent: streamEvent('queue', 'QueueSize', '`event: queue`: a queue size changed (or the snapshot of all eight queues on connect).'),
};
