// @casewatch/contracts: events, topics and message shapes shared by every service.
// Depends on @sinclair/typebox, ajv and ajv-formats only.

export * from './topics';
export * from './fields';
export { StringEnum, Nullable } from './schema-helpers';
export * from './envelope';
export * from './event-time';

export * from './events/event-data';
export * from './events/child';
export * from './events/front-door';
export * from './events/child-protection';
export * from './events/looked-after';
export * from './events/visits-and-more';
export * from './events/corrections';
export * from './events/catalogue';

export * from './validate-event';
export { compileValidator, type ValidationResult, type Validator } from './validation/compile-validator';
export { MAX_ERRORS_PER_INPUT, type FieldError } from './validation/field-errors';

export * from './api/metric-value';
export * from './api/metric-breakdown';
export * from './api/deadline';
export * from './api/alert';
export * from './api/queue';
export * from './api/rule-settings';
export * from './api/tenant-settings';
export * from './api/comparators';
export * from './api/comparators-upload';
export * from './api/region-figures';
export * from './api/subscription';
export * from './api/ingestion';
export * from './api/problem';
export * from './api/paging';

export { EXAMPLE_EVENTS } from './testing/examples';
export { storableText } from './storable-text';

export * from './topic-headers';
export { CONTRACT_SCHEMAS, CONTRACT_DESCRIPTIONS, type ContractName } from './json-schema/contract-schemas';
export { schemaFiles, schemaFileText, contractFileName, eventFileName, JSON_SCHEMA_DIALECT } from './json-schema/schema-files';
export { plainSchema, referToNamed, namedByJson } from './json-schema/shared-refs';
