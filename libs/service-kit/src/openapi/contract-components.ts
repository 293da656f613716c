import { CASE_EVENT_SCHEMAS, CONTRACT_DESCRIPTIONS, CONTRACT_SCHEMAS, EVENT_TYPES, namedByJson, referToNamed } from '@casewatch/contracts';
import { componentRef, type SchemaMap } from './component-ref';
import { STREAM_EVENT_SCHEMAS } from './stream-events';

/**
 * `components.schemas` from the contracts: every API shape and Kafka value by its contract name,
 * each event type by its type (csc.contact.received), and the Server-Sent Events of /stream.
 * A schema that holds another (AlertList holds Alert) refers to it instead of a copy.
 */
export function contractComponents(): SchemaMap {
  const sources: [string, unknown][] = [...EVENT_TYPES.map((type): [string, unknown] => [type, CASE_EVENT_SCHEMAS[type]]), ...Object.entries(CONTRACT_SCHEMAS)];
  const named = namedByJson(sources.map(([name, schema]) => [componentRef(name), schema]));
  const components: SchemaMap = {};
  for (const [name, schema] of sources) {
    const description = (CONTRACT_DESCRIPTIONS as Record<string, string>)[name];
    components[name] = { title: name, ...(description && { description }), ...referToNamed(schema, named) };
  }
  return { ...components, ...STREAM_EVENT_SCHEMAS };
}
