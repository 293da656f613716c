/** Limits of the SSE stream's connections. */
export interface StreamSettings {
  /** Bytes a client may leave unread in Node's socket buffer before it is dropped. */
  maxBufferedBytes: number;
  heartbeatMs: number;
  /** How long writing the snapshot or catch-up may wait for a client to read, before it is dropped. */
  drainTimeoutMs: number;
}

export const STREAM_SETTINGS = Symbol('STREAM_SETTINGS');

const MIB = 1024 * 1024;

/**
 * From the service's config: `METRICS_STREAM_MAX_BUFFER_BYTES` when its schema has it (config.ts
 * is validated once at boot), else 1 MiB.
 */
export function streamSettings(config: object): StreamSettings {
  const configured = (config as { METRICS_STREAM_MAX_BUFFER_BYTES?: unknown }).METRICS_STREAM_MAX_BUFFER_BYTES;
  return {
    maxBufferedBytes: typeof configured === 'number' && configured > 0 ? configured : MIB,
    heartbeatMs: 15_000,
    drainTimeoutMs: 30_000,
  };
}
