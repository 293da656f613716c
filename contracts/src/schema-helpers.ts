import { Type, type SchemaOptions, type TSchema, type TUnsafe } from '@sinclair/typebox';

/**
 * A string enum as `{type: 'string', enum: [...]}`: ajv then reports one `enum` error listing the
 * allowed values, where a TypeBox union of literals would report one error per branch.
 */
export function StringEnum<const T extends readonly string[]>(values: T, options: SchemaOptions = {}): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ ...options, type: 'string', enum: [...values] });
}

/** `T | null`, as anyOf; the validator reports it as "must be <T> or null". */
export function Nullable<T extends TSchema>(schema: T, options: SchemaOptions = {}) {
  return Type.Union([schema, Type.Null()], options);
}
