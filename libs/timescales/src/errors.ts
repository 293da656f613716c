export type TimescalesErrorCode =
  'INVALID_LOCAL_DATE' | 'INVALID_MONTH' | 'INVALID_INSTANT' | 'INVALID_NUMBER' | 'INVALID_NATION' | 'INVALID_LIMIT' | 'INVALID_OVERRIDES';

/** Thrown for bad input (a malformed date, a negative limit…): a caller's bug, never a data condition. */
export class TimescalesError extends Error {
  constructor(
    readonly code: TimescalesErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TimescalesError';
  }
}
