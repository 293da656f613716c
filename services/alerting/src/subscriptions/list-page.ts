import { randomBytes } from 'node:crypto';

/** One page of a list: how many, and after which id (stable order by id). */
export interface PageRequest {
  limit: number;
  after: string | null;
}

export type PageResult = { ok: true; value: PageRequest } | { ok: false; pointer: string; message: string };

export const DEFAULT_LIMIT = 1000;
export const MAX_LIMIT = 10_000;

interface CursorBody {
  v: 1;
  /** The list it pages (e.g. the tenant's subscriptions): a cursor is refused elsewhere. */
  of: string;
  limit: number;
  after: string;
}

/** Opaque: base64url JSON carrying the query, so `limit` is optional beside it (api.md, "Lists"). */
export function encodeCursor(of: string, limit: number, after: string): string {
  const body: CursorBody = { v: 1, of, limit, after };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, of: string): CursorBody | undefined {
  try {
    const body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorBody>;
    const { limit } = body;
    const ok = body.v === 1 && body.of === of && typeof body.after === 'string' && typeof limit === 'number' && Number.isInteger(limit) && limit >= 1 && limit <= MAX_LIMIT;
    return ok ? (body as CursorBody) : undefined;
  } catch {
    return undefined;
  }
}

/** `limit` (1–10,000, default 1,000) and `cursor` from a query string's values. */
export function readPageRequest(query: Record<string, unknown>, of: string): PageResult {
  const { limit, cursor } = query;
  let explicit: number | undefined;
  if (limit !== undefined) {
    if (typeof limit !== 'string' || !/^\d{1,5}$/.test(limit) || Number(limit) < 1 || Number(limit) > MAX_LIMIT) {
      return { ok: false, pointer: '/limit', message: `limit must be a whole number from 1 to ${MAX_LIMIT}` };
    }
    explicit = Number(limit);
  }
  if (cursor === undefined) return { ok: true, value: { limit: explicit ?? DEFAULT_LIMIT, after: null } };
  const body = typeof cursor === 'string' && cursor.length <= 2048 ? decodeCursor(cursor, of) : undefined;
  if (!body) return { ok: false, pointer: '/cursor', message: 'cursor is not one this list gave' };
  return { ok: true, value: { limit: explicit ?? body.limit, after: body.after } };
}

/**
 * Ids that sort in the order they are made (UUIDv7: milliseconds, then random), so a list in
 * id order puts new items after every cursor already handed out.
 */
export function timeOrderedId(now = Date.now()): string {
  const b = randomBytes(16);
  b.writeUIntBE(now, 0, 6);
  b[6] = (b[6] & 0x0f) | 0x70;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
