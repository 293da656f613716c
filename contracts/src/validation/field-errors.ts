import type { ErrorObject } from 'ajv';

/** One problem with an input: a JSON pointer (RFC 6901) into it and a sentence naming the field. */
export interface FieldError {
  pointer: string;
  message: string;
}

/** Enough to fix an input without flooding a batch response. */
export const MAX_ERRORS_PER_INPUT = 20;

/** Collects errors, dropping duplicates and anything beyond the cap. */
export class FieldErrorList {
  readonly errors: FieldError[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly cap = MAX_ERRORS_PER_INPUT) {}

  add(pointer: string, message: string): void {
    const key = `${pointer}\u0000${message}`;
    if (this.errors.length >= this.cap || this.seen.has(key)) return;
    this.seen.add(key);
    this.errors.push({ pointer, message });
  }

  hasErrorAt(pointer: string): boolean {
    return this.errors.some((error) => error.pointer === pointer);
  }
}

/** Turns ajv errors into field errors; `rootLabel` names the whole input ("the event"). */
export function addAjvErrors(list: FieldErrorList, ajvErrors: readonly ErrorObject[], rootLabel: string): void {
  const dropped = droppedBranchErrors(ajvErrors);
  for (const error of ajvErrors) {
    if (dropped.has(error)) continue;
    const [pointer, message] = describeError(error, rootLabel);
    list.add(pointer, message);
  }
}

/**
 * An anyOf/oneOf fails with the errors of every branch. When the value has the JSON type of just
 * one branch (an object where "object or array" is allowed), that branch's errors say what is
 * wrong and the others are dropped; otherwise one summary ("must be X or Y") replaces them all.
 */
function droppedBranchErrors(ajvErrors: readonly ErrorObject[]): Set<ErrorObject> {
  const dropped = new Set<ErrorObject>();
  const unions = ajvErrors.filter((error) => error.keyword === 'anyOf' || error.keyword === 'oneOf').sort((a, b) => a.schemaPath.length - b.schemaPath.length); // outer unions first
  for (const union of unions) {
    if (dropped.has(union)) continue;
    const prefix = `${union.schemaPath}/`;
    const branches = new Map<string, ErrorObject[]>();
    for (const error of ajvErrors) {
      if (!error.schemaPath.startsWith(prefix)) continue;
      const branch = error.schemaPath.slice(prefix.length).split('/')[0];
      branches.set(branch, [...(branches.get(branch) ?? []), error]);
    }
    const wrongType = (branch: string) =>
      (branches.get(branch) ?? []).some((error) => error.keyword === 'type' && error.schemaPath === `${prefix}${branch}/type`);
    const matching = [...branches.keys()].filter((branch) => !wrongType(branch));
    const keep = matching.length === 1 ? matching[0] : undefined;
    if (keep !== undefined) dropped.add(union);
    for (const [branch, errors] of branches) {
      if (branch !== keep) for (const error of errors) dropped.add(error);
    }
  }
  return dropped;
}

function describeError(error: ErrorObject, rootLabel: string): [string, string] {
  const at = error.instancePath;
  const field = fieldName(at, rootLabel);
  const schema = (error.parentSchema ?? {}) as SchemaLike;
  switch (error.keyword) {
    case 'required': {
      const pointer = `${at}/${escapePointer(String(error.params.missingProperty))}`;
      return [pointer, `${fieldName(pointer, rootLabel)} is required`];
    }
    case 'additionalProperties': {
      const pointer = `${at}/${escapePointer(String(error.params.additionalProperty))}`;
      const name = fieldName(pointer, rootLabel);
      if (!schema.patternProperties) return [pointer, `unknown field ${name}`];
      const keys = schema.description ?? `keys must match ${Object.keys(schema.patternProperties).join(' or ')}`;
      return [pointer, `${name} is not allowed in ${field}: ${keys}`];
    }
    case 'type':
      // Every schema here has an object at its root: say what the caller must send.
      if (at === '') return [at, `${field} must be a JSON object`];
      return [at, `${field} must be ${withArticle(String(error.params.type))}`];
    case 'enum':
      return [at, `${field} must be one of: ${(error.params.allowedValues as unknown[]).join(', ')}`];
    case 'const':
      return [at, `${field} must be ${JSON.stringify(error.params.allowedValue)}`];
    case 'anyOf':
    case 'oneOf':
      return [at, `${field} must be ${describeSchema(schema)}`];
    default:
      return [at, `${field} ${schema.description ? `must be ${schema.description}` : constraint(error)}`];
  }
}

interface SchemaLike {
  description?: string;
  type?: string;
  const?: unknown;
  enum?: unknown[];
  anyOf?: SchemaLike[];
  oneOf?: SchemaLike[];
  patternProperties?: Record<string, unknown>;
}

function describeSchema(schema: SchemaLike): string {
  if (schema.description) return schema.description;
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return `one of: ${schema.enum.join(', ')}`;
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return branches.map(describeSchema).join(' or ');
  return schema.type ? withArticle(schema.type) : 'valid';
}

function constraint(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'pattern':
      return `must match ${String(p.pattern)}`;
    case 'format':
      return `must be ${FORMAT_NAMES[String(p.format)] ?? `a valid ${String(p.format)}`}`;
    case 'minLength':
      return `must be at least ${String(p.limit)} characters long`;
    case 'maxLength':
      return `must be at most ${String(p.limit)} characters long`;
    case 'minimum':
      return `must be at least ${String(p.limit)}`;
    case 'maximum':
      return `must be at most ${String(p.limit)}`;
    case 'exclusiveMinimum':
      return `must be greater than ${String(p.limit)}`;
    case 'exclusiveMaximum':
      return `must be less than ${String(p.limit)}`;
    case 'minItems':
      return `must have at least ${String(p.limit)} items`;
    case 'maxItems':
      return `must have at most ${String(p.limit)} items`;
    case 'uniqueItems':
      return 'must not repeat an item';
    default:
      return error.message ?? 'is not valid';
  }
}

const FORMAT_NAMES: Record<string, string> = {
  date: 'a date YYYY-MM-DD',
  'date-time': 'an RFC 3339 date-time with offset',
  email: 'an email address',
  uri: 'an absolute URI',
};

function withArticle(type: string): string {
  if (type === 'null') return 'null';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** `/data/factors/0` → `data.factors[0]`: how a person would name the field. */
export function fieldName(pointer: string, rootLabel: string): string {
  if (pointer === '') return rootLabel;
  let name = '';
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    name += /^\d+$/.test(segment) ? `[${segment}]` : name === '' ? segment : `.${segment}`;
  }
  return name;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
