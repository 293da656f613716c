/**
 * SQLSTATE classes that a write's values cause, whatever the moment: written again, the same rows
 * fail the same way (22 data exception: bad JSON, an unsupported Unicode escape, a date out of
 * range; 23 integrity constraint; 54 program limit: a value too large or too deeply nested).
 */
const CONTENT_CLASSES = new Set(['22', '23', '54']);
/** Within those classes, what depends on concurrent transactions, not on the values: retried. */
const RACES = new Set(['23505', '23P01']);

interface PgLike {
  code?: unknown;
  detail?: unknown;
  message?: unknown;
  driverError?: PgLike;
}

/**
 * Why a failed write can never succeed with these values (the SQLSTATE, PostgreSQL's message and
 * detail; never the statement's parameters), or undefined when it may succeed if tried again:
 * a lost connection, a timeout, a serialization failure or deadlock, a full disk, and every error
 * that is not PostgreSQL's. Only the former may set a message aside; the latter retry.
 */
export function unusableContent(err: unknown): string | undefined {
  const pg = driverError(err);
  const code = typeof pg.code === 'string' ? pg.code : undefined;
  if (!code || !/^[0-9A-Z]{5}$/.test(code) || !CONTENT_CLASSES.has(code.slice(0, 2)) || RACES.has(code)) return undefined;
  const detail = typeof pg.detail === 'string' && code.startsWith('22') ? ` (${pg.detail})` : '';
  return `PostgreSQL ${code}: ${String(pg.message ?? '')}${detail}`.slice(0, 500);
}

/** A unique key refused the write (23505): a row with that key is stored already. */
export function isKeyConflict(err: unknown): boolean {
  return driverError(err).code === '23505';
}

// TypeORM's QueryFailedError copies the driver's fields; keep to the driver's own where present.
function driverError(err: unknown): PgLike {
  const e = (err ?? {}) as PgLike;
  return e.driverError ?? e;
}
