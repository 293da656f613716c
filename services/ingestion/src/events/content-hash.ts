import { createHash } from 'node:crypto';

/**
 * What an event says, as SHA-256 (hex) of its canonical JSON (keys sorted at every level), without
 * `recordedtime`, which ingestion stamps: the same event sent again, in any key order, has the same
 * hash; a changed one has another.
 */
export function contentHash(event: object): string {
  const { recordedtime: _stamped, ...content } = event as Record<string, unknown>;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/** JSON with object keys sorted (by UTF-16 code units, as RFC 8785); the input is parsed JSON. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  const fields: string[] = [];
  for (const key of Object.keys(record).sort()) {
    if (record[key] !== undefined) fields.push(`${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  }
  return `{${fields.join(',')}}`;
}
