import { createHash } from 'node:crypto';
import type { DraftEvent, ImportFormat } from './import-types';

/**
 * An event's id from the fact it states, never from the file or row: a repeated import, or next
 * year's return repeating an open episode, gives the same ids and so adds nothing.
 */
export function stableEventId(format: ImportFormat, e: DraftEvent): string {
  const hash = createHash('sha256').update([format, e.subject, e.type, e.date, e.fact].join('\u0000')).digest('hex');
  return `${format === 'ssda903' ? '903' : 'cin'}-${hash.slice(0, 32)}`;
}
