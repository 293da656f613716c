/** One message of a tenant's live log, as the SSE stream sends it. */
export interface LiveEntry {
  /** The Redis stream id (`<ms>-<seq>`): the SSE `id:`, and where a reconnecting client resumes. */
  id: string;
  event: 'metric' | 'queue';
  /** `la`, `team:{id}` or `worker:{id}`. */
  scope: string;
  /** A metric's resolved period (`2026-12`, `fy2026`); none for queue sizes, which are of now. */
  period?: string;
  /** The message's data as JSON text (one line). */
  data: string;
}

/** The id before every entry: a stream that had nothing yet. */
export const START_ID = '0-0';

const ID = /^(\d{1,15})-(\d{1,15})$/;

/** A well-formed stream id (what a `Last-Event-ID` must be to be resumed from). */
export function isEntryId(text: string | undefined): text is string {
  return text !== undefined && ID.test(text);
}

/** Orders stream ids (`<ms>-<seq>`), as Redis does. */
export function compareIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(Number);
  const [bm, bs] = b.split('-').map(Number);
  return am !== bm ? am - bm : as - bs;
}

/** The SSE frame of a message. */
export function sseFrame(id: string, event: string, data: string): string {
  return `id: ${id}\nevent: ${event}\ndata: ${data}\n\n`;
}

/** An entry's fields as stored in Redis (flat name, value list), and back. */
export function entryFields(e: Omit<LiveEntry, 'id'>): string[] {
  const fields = ['e', e.event, 's', e.scope, 'd', e.data];
  if (e.period !== undefined) fields.push('p', e.period);
  return fields;
}

export function entryOf(id: string, fields: string[]): LiveEntry | undefined {
  const f = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) f.set(fields[i], fields[i + 1]);
  const event = f.get('e');
  const scope = f.get('s');
  const data = f.get('d');
  if ((event !== 'metric' && event !== 'queue') || scope === undefined || data === undefined) return undefined;
  const period = f.get('p');
  return { id, event, scope, data, ...(period !== undefined && { period }) };
}
