export { finishDocument, OPENAPI_VERSION } from './finish-document';
export { contractComponents } from './contract-components';
export { componentRef } from './component-ref';
export { PROBLEM_CONTENT } from './problem-responses';
export { operationsWithoutSchemas, unresolvedRefs } from './document-gaps';
