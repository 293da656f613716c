import { PROBLEM_CONTENT_TYPE, problemTitle } from '../http/problem';
import { componentRef } from './component-ref';

interface ResponseObject {
  description?: string;
  content?: Record<string, unknown>;
}

interface OperationObject {
  responses?: Record<string, ResponseObject>;
}

// What any /v1 route may answer, whatever it does (api.md "Auth and tenants", "Rate limits").
const V1_REFUSALS: Record<string, string> = {
  400: 'a bad path, query or body, with one entry per problem (pointer, message)',
  401: 'no bearer token, or one that is not valid',
  403: 'a valid token without the role or tenant this needs',
  404: 'no such tenant or item (also for a tenant the token may not see)',
  429: 'over the rate limit for this token; see Retry-After',
};

export const PROBLEM_CONTENT = { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: componentRef('Problem') } } };

/**
 * Every error answer is a problem+json (api.md): each /v1 operation gets the refusals any route
 * can give, and every 4xx/5xx that a controller declared without a body gets the Problem schema.
 */
export function addProblemResponses(path: string, operation: OperationObject): void {
  const responses = (operation.responses ??= {});
  if (path.startsWith('/v1/')) {
    for (const [status, description] of Object.entries(V1_REFUSALS)) responses[status] ??= { description: `${problemTitle(Number(status))}: ${description}` };
  }
  for (const [status, response] of Object.entries(responses)) {
    if (Number(status) >= 400 && response.content === undefined) response.content = PROBLEM_CONTENT;
  }
}
