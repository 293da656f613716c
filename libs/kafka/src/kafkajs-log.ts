import { logLevel, type LogEntry } from 'kafkajs';

export type LogLevelName = 'error' | 'warn' | 'info' | 'debug';

const LEVELS: Record<number, LogLevelName> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * The level a kafkajs line deserves here. kafkajs logs every error response of the broker at ERROR,
 * retriable ones too ("the coordinator is loading", "not the leader" while a fresh broker elects),
 * and the component that made the request then retries and reports the outcome itself: so a response
 * line is debug, a retry is a warning, and only what gave up stays an error.
 */
export function kafkajsLevel(entry: Pick<LogEntry, 'namespace' | 'level' | 'log'>): LogLevelName {
  const level = LEVELS[entry.level] ?? 'info';
  if (level !== 'error') return level;
  const { message, retryCount, retryTime } = entry.log as LogEntry['log'] & { retryCount?: number; retryTime?: number };
  if (entry.namespace === 'Connection' && message.startsWith('Response ')) return 'debug';
  if (typeof retryCount === 'number' || typeof retryTime === 'number') return 'warn';
  // The consumer's crash on a retriable error: kafkajs restarts it (logged as a retry above).
  if (entry.namespace === 'Consumer' && message.startsWith('Crash: ') && RETRIABLE_CRASH.test(message)) return 'warn';
  return level;
}

// Crashes kafkajs restarts from: the group coordinator moving or loading, leadership changing.
const RETRIABLE_CRASH = /coordinator|not the leader|leader not available|rebalanc/i;
