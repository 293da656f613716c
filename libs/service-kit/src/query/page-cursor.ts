import { createHash } from 'node:crypto';
import { badParam, single, type RawQuery } from './query-params';

/**
 * Keyset paging for lists (api.md "Lists"): `limit` 1–10,000 (default 1,000) and an opaque
 * `cursor`, base64url of the list it belongs to, the query as first given, values fixed on the
 * first page (`pins`, e.g. asAt) and the last item's sort key. A page is read from after that key,
 * never by offset, so items that arrive meanwhile neither repeat nor push earlier ones off.
 * The digest only catches a cursor altered by mistake: it is no secret, and a forged cursor can
 * ask nothing the query string could not (route and tenant are checked against the request).
 */
export type SortKey = (string | number)[];

export const DEFAULT_LIMIT = 1000;
export const MAX_LIMIT = 10_000;
const MAX_CURSOR_CHARS = 4096;

export interface ListSpec {
  /** The route and anything in its path besides the tenant, e.g. `queue:visits-overdue`. */
  route: string;
  tenant: string;
  /** Query parameters the cursor carries, in a fixed order. */
  params: readonly string[];
  /** Whether a decoded sort key has this list's shape (its values reach SQL). */
  isKey: (key: unknown[]) => boolean;
}

export interface PageRequest {
  limit: number;
  /** The list's parameters as given on the first page. */
  query: Record<string, string>;
  /** Values resolved on the first page, to be reused (empty on the first page). */
  pins: Record<string, string>;
  after?: SortKey;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

interface CursorBody {
  v: 1;
  r: string;
  t: string;
  q: Record<string, string>;
  p: Record<string, string>;
  l: number;
  k: SortKey;
  h: string;
}

const digest = (b: Omit<CursorBody, 'h'>) =>
  createHash('sha256')
    .update(JSON.stringify([b.v, b.r, b.t, b.q, b.p, b.l, b.k]))
    .digest('base64url')
    .slice(0, 16);

export function parseLimit(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(n >= 1 && n <= MAX_LIMIT)) throw badParam('limit', `must be a whole number from 1 to ${MAX_LIMIT}`);
  return n;
}

/** The page asked for: from the query string, or from a cursor (the query beside it may only repeat the cursor's). */
export function readPage(raw: RawQuery, spec: ListSpec): PageRequest {
  const limit = parseLimit(single(raw, 'limit'));
  const cursor = single(raw, 'cursor');
  if (cursor === undefined) {
    const query: Record<string, string> = {};
    for (const name of spec.params) {
      const v = single(raw, name);
      if (v !== undefined) query[name] = v;
    }
    return { limit: limit ?? DEFAULT_LIMIT, query, pins: {} };
  }
  const body = decode(cursor, spec);
  for (const name of spec.params) {
    const v = single(raw, name);
    if (v !== undefined && v !== body.q[name])
      throw badParam(name, 'must be left out beside cursor, or be as on the first page (the cursor carries the query)');
  }
  return { limit: limit ?? body.l, query: body.q, pins: body.p, after: body.k };
}

/** `rows` read with `limit + 1`: the page, and a cursor when there are more. */
export function pageOf<T>(rows: T[], req: PageRequest, spec: ListSpec, keyOf: (row: T) => SortKey, pins: Record<string, string> = req.pins): Page<T> {
  if (rows.length <= req.limit) return { items: rows };
  const items = rows.slice(0, req.limit);
  const body: Omit<CursorBody, 'h'> = { v: 1, r: spec.route, t: spec.tenant, q: req.query, p: pins, l: req.limit, k: keyOf(items[items.length - 1]) };
  return { items, nextCursor: Buffer.from(JSON.stringify({ ...body, h: digest(body) })).toString('base64url') };
}

/** Key order: numbers as numbers, text by code unit (as SQL's COLLATE "C" for these ASCII ids). */
export function compareKeys(a: SortKey, b: SortKey): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] < b[i]) return -1;
    if (a[i] > b[i]) return 1;
  }
  return a.length - b.length;
}

/** For lists computed in memory: sorted by key, those after the cursor, `limit + 1` of them. */
export function afterKey<T>(all: T[], req: PageRequest, keyOf: (row: T) => SortKey): T[] {
  const keyed = all.map((row) => ({ row, key: keyOf(row) })).sort((x, y) => compareKeys(x.key, y.key));
  const after = req.after;
  const from = after ? keyed.filter((x) => compareKeys(x.key, after) > 0) : keyed;
  return from.slice(0, req.limit + 1).map((x) => x.row);
}

function decode(cursor: string, spec: ListSpec): CursorBody {
  const invalid = () => badParam('cursor', 'is not a cursor this service gave (altered or truncated?)');
  if (cursor.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  let body: CursorBody;
  try {
    const bytes = Buffer.from(cursor, 'base64url');
    // Node's decoder skips stray characters: only the exact encoding it gave is taken.
    if (bytes.toString('base64url') !== cursor) throw invalid();
    body = JSON.parse(bytes.toString('utf8')) as CursorBody;
  } catch {
    throw invalid();
  }
  const texts = (o: unknown, names?: readonly string[]) =>
    typeof o === 'object' && o !== null && !Array.isArray(o) && Object.entries(o).every(([k, v]) => typeof v === 'string' && (!names || names.includes(k)));
  const shaped =
    typeof body === 'object' &&
    body !== null &&
    body.v === 1 &&
    typeof body.r === 'string' &&
    typeof body.t === 'string' &&
    texts(body.q, spec.params) &&
    texts(body.p) &&
    Number.isInteger(body.l) &&
    body.l >= 1 &&
    body.l <= MAX_LIMIT &&
    Array.isArray(body.k) &&
    body.k.every((x) => typeof x === 'string' || Number.isFinite(x)) &&
    typeof body.h === 'string';
  if (!shaped || body.h !== digest(body)) throw invalid();
  if (body.r !== spec.route || body.t !== spec.tenant) throw badParam('cursor', 'belongs to another list or tenant');
  if (!spec.isKey(body.k)) throw invalid();
  return body;
}

const realDate = (y: number, m: number, d: number) => y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();

/** Parts of a sort key, checked before they reach SQL (a cast that fails would be a 500). */
export const KEY = {
  text: (x: unknown) => typeof x === 'string' && x.length <= 512 && !x.includes('\u0000'),
  number: (x: unknown) => typeof x === 'number' && Number.isFinite(x),
  /** `YYYY-MM-DD`. */
  date: (x: unknown) => {
    const m = typeof x === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(x) : null;
    return !!m && realDate(Number(m[1]), Number(m[2]), Number(m[3]));
  },
  /** A timestamp to the microsecond in UTC, as TIMESTAMP_TEXT writes it. */
  timestamp: (x: unknown) => {
    const m = typeof x === 'string' ? /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{6}Z$/.exec(x) : null;
    return !!m && realDate(Number(m[1]), Number(m[2]), Number(m[3]));
  },
};

/** SQL for a timestamptz as exact text (microseconds, UTC), so a sort key loses nothing. */
export const timestampText = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export function keyShape(...parts: ((x: unknown) => boolean)[]): (key: unknown[]) => boolean {
  return (key) => key.length === parts.length && parts.every((check, i) => check(key[i]));
}
