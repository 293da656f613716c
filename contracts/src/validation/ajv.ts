import Ajv from 'ajv';
import addFormats from 'ajv-formats';

let shared: Ajv | undefined;

/**
 * The one ajv instance behind every validator here. `verbose` keeps the failing schema on each
 * error, which is where the readable messages come from; it costs nothing on valid input.
 */
export function sharedAjv(): Ajv {
  shared ??= addFormats(new Ajv({ allErrors: true, strict: true, verbose: true }), ['date', 'date-time', 'email', 'uri']);
  return shared;
}
