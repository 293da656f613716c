import type { Static, TSchema } from '@sinclair/typebox';
import type { ValidateFunction } from 'ajv';
import { sharedAjv } from './ajv';
import { addAjvErrors, FieldErrorList, type FieldError } from './field-errors';

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export type Validator<T> = (input: unknown) => ValidationResult<T>;

/**
 * A validator for any schema of this package (API bodies, Kafka messages), compiled on first use
 * and then reused. `rootLabel` names the whole input in messages, e.g. "the body".
 */
export function compileValidator<T extends TSchema>(schema: T, rootLabel = 'the input'): Validator<Static<T>> {
  let validate: ValidateFunction | undefined;
  return (input) => {
    validate ??= sharedAjv().compile(schema);
    if (validate(input)) return { ok: true, value: input as Static<T> };
    const list = new FieldErrorList();
    addAjvErrors(list, validate.errors ?? [], rootLabel);
    return { ok: false, errors: list.errors };
  };
}
