// Fields of PostgreSQL's COPY text format, made safe for `text` and `jsonb` columns.

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPED: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
// NUL and lone surrogates cannot be stored in text or jsonb; U+FFFD makes the value fail validation instead.
const UNSTORABLE = /\0|[\ud800-\udfff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// What JSON.stringify writes for them: \u0000 and a lone surrogate's \udxxx escape.
const UNSTORABLE_JSON = /\\u0000|\\ud[89a-f]/i;

/** A string a text column can hold: NUL and lone surrogates become U+FFFD. */
export function storable(s: string): string {
  return UNSTORABLE.test(s) ? s.replace(/\0/g, '\ufffd').replace(LONE_SURROGATE, '\ufffd') : s;
}

/** One field of a COPY text line. */
export function copyField(s: string): string {
  const safe = storable(s);
  return COPY_SPECIAL.test(safe) ? safe.replace(COPY_SPECIAL_ALL, (c) => ESCAPED[c]) : safe;
}

/** A value as a COPY field of a jsonb column. */
export function copyJson(value: unknown): string {
  let json = JSON.stringify(value);
  if (UNSTORABLE_JSON.test(json)) json = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'string' ? storable(v) : v));
  // JSON.stringify escapes control characters, so only its backslashes need escaping for COPY.
  return json.includes('\\') ? json.replace(/\\/g, '\\\\') : json;
}
