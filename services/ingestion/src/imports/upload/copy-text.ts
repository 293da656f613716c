// Fields of PostgreSQL's COPY text format, made safe for `text` and `jsonb` columns.
import { storableText } from '@casewatch/contracts';

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPED: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
// What JSON.stringify writes for them: \u0000 and a lone surrogate's \udxxx escape.
const UNSTORABLE_JSON = /\\u0000|\\ud[89a-f]/i;

/** One field of a COPY text line. */
export function copyField(s: string): string {
  // NUL and lone surrogates cannot be stored; as U+FFFD the value fails validation instead.
  const safe = storableText(s);
  return COPY_SPECIAL.test(safe) ? safe.replace(COPY_SPECIAL_ALL, (c) => ESCAPED[c]) : safe;
}

/** A value as a COPY field of a jsonb column. */
export function copyJson(value: unknown): string {
  let json = JSON.stringify(value);
  if (UNSTORABLE_JSON.test(json)) json = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'string' ? storableText(v) : v));
  // JSON.stringify escapes control characters, so only its backslashes need escaping for COPY.
  return json.includes('\\') ? json.replace(/\\/g, '\\\\') : json;
}
