import type { OpenAPIObject } from '@nestjs/swagger';
import { contractComponents } from './contract-components';
import { addProblemResponses } from './problem-responses';

export const OPENAPI_VERSION = '3.1.0';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

// /health/live answers without a decorator of its own; its body is fixed.
const LIVE = { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['ok'] } }, additionalProperties: false };

/**
 * Turns the document @nestjs/swagger built from the controllers into the one served at
 * /docs-json: OpenAPI 3.1, the contracts as components.schemas, problem+json for every error.
 */
export function finishDocument(document: OpenAPIObject): OpenAPIObject {
  document.openapi = OPENAPI_VERSION;
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...contractComponents() } };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      addProblemResponses(path, operation as never);
      if (path === '/health/live') operation.responses['200'] = { description: 'the process is up', content: { 'application/json': { schema: LIVE } } };
    }
  }
  return document;
}
