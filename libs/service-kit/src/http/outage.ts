/**
 * Errors that mean a dependency (PostgreSQL, Redis, Kafka) is away, not that the code or the
 * request is wrong: answered 503 with Retry-After, so a sender retries (test:chaos saw 500s while
 * PostgreSQL restarted).
 */
const NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTCONN', 'EAI_AGAIN']);
// SQLSTATE: connection exceptions (08), shutdown and "cannot connect now" (57P01–57P03), too many connections.
const PG_CODE = /^(08|57P0[123]$|53300$)/;
const MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Connection is closed|Client has encountered a connection error|The database system is (starting up|shutting down)/i;
const NAMES = new Set(['KafkaJSConnectionError', 'KafkaJSConnectionClosedError', 'KafkaJSBrokerNotFound', 'MaxRetriesPerRequestError']);

export function isOutage(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 3) return false;
  const e = error as { code?: unknown; name?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; originalError?: unknown };
  if (typeof e.code === 'string' && (NODE_CODES.has(e.code) || PG_CODE.test(e.code))) return true;
  if (typeof e.name === 'string' && NAMES.has(e.name)) return true;
  if (typeof e.message === 'string' && MESSAGES.test(e.message)) return true;
  return [e.driverError, e.cause, e.originalError].some((inner) => isOutage(inner, depth + 1));
}
