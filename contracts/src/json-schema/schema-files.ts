import { CASE_EVENT_SCHEMAS, EVENT_TYPES } from '../events/catalogue';
import { CONTRACT_DESCRIPTIONS, CONTRACT_SCHEMAS, type ContractName } from './contract-schemas';
import { namedByJson, plainSchema, referToNamed } from './shared-refs';

// Draft-07: what the AsyncAPI parser takes as a payload schema, ajv's default and close to what
// TypeBox emits (no keyword used here changed meaning in later drafts).
export const JSON_SCHEMA_DIALECT = 'http://json-schema.org/draft-07/schema#';

/** `MetricValue` → `metric-value.json`. */
export function contractFileName(name: ContractName): string {
  return `${name.replace(/(?<=[a-z0-9])([A-Z])/g, '-$1').toLowerCase()}.json`;
}

export function eventFileName(type: string): string {
  return `events/${type}.json`;
}

/**
 * The files of contracts/schemas, path (relative to it) → JSON Schema. Each is self-contained,
 * except events/case-event.json, which refers to the per-type files beside it.
 */
export function schemaFiles(): Map<string, Record<string, unknown>> {
  const files = new Map<string, Record<string, unknown>>();
  for (const type of EVENT_TYPES) {
    const schema = plainSchema(CASE_EVENT_SCHEMAS[type]);
    files.set(eventFileName(type), {
      $schema: JSON_SCHEMA_DIALECT,
      title: type,
      description: `A ${type} case event: the CloudEvents 1.0 envelope with this type's data (catalogue v1).`,
      ...schema,
    });
  }
  const perType = namedByJson(EVENT_TYPES.map((type) => [`./${type}.json`, CASE_EVENT_SCHEMAS[type]]));
  for (const name of Object.keys(CONTRACT_SCHEMAS) as ContractName[]) {
    const isCaseEvent = name === 'CaseEvent';
    const schema = isCaseEvent ? referToNamed(CONTRACT_SCHEMAS[name], perType) : plainSchema(CONTRACT_SCHEMAS[name]);
    files.set(isCaseEvent ? eventFileName('case-event') : contractFileName(name), {
      $schema: JSON_SCHEMA_DIALECT,
      title: name,
      description: CONTRACT_DESCRIPTIONS[name],
      ...schema,
    });
  }
  return files;
}

/** A file's text as checked in. */
export function schemaFileText(schema: Record<string, unknown>): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
