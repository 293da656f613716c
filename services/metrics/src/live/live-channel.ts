import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { compareIds, entryFields, entryOf, START_ID, type LiveEntry } from './stream-entry';

export interface LiveMessage {
  event: 'metric' | 'queue';
  data: unknown;
  /** The scope a queue size is for (`la` when absent); a metric's scope and period are in its MetricValue. */
  scope?: string;
}

/** Hears a followed tenant's entries, in order, each once. */
export interface LiveListener {
  entry(e: LiveEntry): void;
  /** Entries may have been missed (Redis was away and trimmed the log meanwhile). */
  lost(): void;
}

const PREFIX = 'casewatch:live:';
const keyOf = (tenant: string) => `${PREFIX}${tenant}`;
// Per tenant, about this many of the latest messages are kept for clients that reconnect.
const MAX_ENTRIES = 10_000;
const READ_COUNT = 1000;
const BLOCK_MS = 5000;
const RETRY_MS = 1000;

interface Followed {
  listeners: Set<LiveListener>;
  /** The last entry read (or the log's end when following began); unset until known. */
  cursor?: string;
  ready: Promise<void>;
}

/**
 * Each tenant's changed figures and queue sizes as a Redis stream (`casewatch:live:{tenant}`,
 * about the last 10,000 kept), so every message has an id a reconnecting SSE client resumes
 * from, and clients on any instance hear what the instance owning the partition computed. One
 * blocking reader per instance follows the tenants its clients watch and fans out locally.
 */
@Injectable()
export class LiveChannel implements OnApplicationShutdown {
  private readonly logger = new Logger(LiveChannel.name);
  private readonly followed = new Map<string, Followed>();
  // Written to wake the reader when a tenant is added to what it follows.
  private readonly wakeKey = `casewatch:live-wake:${randomUUID()}`;
  private wakeCursor = START_ID;
  private reader: Redis | undefined;
  private running: Promise<void> | undefined;
  private stopping = false;

  constructor(private readonly redis: Redis) {}

  async publish(tenant: string, message: LiveMessage): Promise<void> {
    await this.redis.xadd(keyOf(tenant), 'MAXLEN', '~', MAX_ENTRIES, '*', ...entryFields(stored(message)));
  }

  /** Several messages in one round trip, in order. */
  async publishMany(tenant: string, messages: LiveMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const m of messages) pipeline.xadd(keyOf(tenant), 'MAXLEN', '~', MAX_ENTRIES, '*', ...entryFields(stored(m)));
    for (const [err] of (await pipeline.exec()) ?? []) if (err) throw err;
  }

  /** The id of the tenant's latest message: resuming from it gives only later ones. */
  async lastId(tenant: string): Promise<string> {
    const id = (await this.info(tenant))?.get('last-generated-id');
    return typeof id === 'string' ? id : START_ID;
  }

  /**
   * The messages after `id` (exclusive), or undefined when some may be gone: trimmed, or `id`
   * is not one of this log's (Redis lost it, or the client made it up).
   */
  async since(tenant: string, id: string): Promise<LiveEntry[] | undefined> {
    const key = keyOf(tenant);
    // One transaction: no trimming between the check and the read.
    const replies = (await this.redis.multi().xinfo('STREAM', key).xrange(key, id, id).xrange(key, `(${id}`, '+').exec()) ?? [];
    const [info, at, after] = replies as [Error | null, unknown][];
    if (at[0] || after[0]) throw at[0] ?? after[0];
    if (!keeps(id, info, at[1] as unknown[])) return undefined;
    return ((after[1] ?? []) as [string, string[]][]).flatMap(([entryId, fields]) => entryOf(entryId, fields) ?? []);
  }

  /**
   * From when this resolves, the listener hears every message of the tenant after the log's end
   * as it was then (and perhaps a few before it: a listener skips what it has). Call the
   * returned function to stop.
   */
  async follow(tenant: string, listener: LiveListener): Promise<() => void> {
    let f = this.followed.get(tenant);
    if (!f) {
      const created: Followed = { listeners: new Set(), ready: Promise.resolve() };
      created.ready = this.lastId(tenant).then((id) => {
        created.cursor = id;
        this.wake();
      });
      this.followed.set(tenant, created);
      f = created;
    }
    const followed = f;
    followed.listeners.add(listener);
    const stop = () => {
      followed.listeners.delete(listener);
      if (followed.listeners.size === 0 && this.followed.get(tenant) === followed) this.followed.delete(tenant);
    };
    try {
      await followed.ready;
    } catch (err) {
      stop();
      if (this.followed.get(tenant) === followed && followed.cursor === undefined) this.followed.delete(tenant);
      throw err;
    }
    this.running ??= this.read();
    return stop;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.reader?.disconnect();
    await this.running;
  }

  /** The one reader of this instance: every followed tenant's new entries, to its listeners. */
  private async read(): Promise<void> {
    const reader = this.redis.duplicate({ enableOfflineQueue: true });
    this.reader = reader;
    reader.on('error', (err: Error) => this.logger.warn(`live reader: ${err.message}`));
    let recovering = false;
    while (!this.stopping) {
      try {
        if (recovering) await this.recheck();
        recovering = false;
        const tenants = [...this.followed].filter(([, f]) => f.cursor !== undefined);
        const keys = [this.wakeKey, ...tenants.map(([t]) => keyOf(t))];
        const ids = [this.wakeCursor, ...tenants.map(([, f]) => f.cursor as string)];
        const reply = await reader.xread('COUNT', READ_COUNT, 'BLOCK', BLOCK_MS, 'STREAMS', ...keys, ...ids);
        for (const [key, entries] of reply ?? []) this.deliver(key, entries);
        // A full read means a backlog: if even its last entry is trimmed already, some were missed.
        for (const [key, entries] of reply ?? []) {
          if (key !== this.wakeKey && entries.length === READ_COUNT) await this.recheck([key.slice(PREFIX.length)]);
        }
      } catch (err) {
        if (this.stopping) break;
        this.logger.warn(`live reader: ${(err as Error).message}; retrying`);
        recovering = true;
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
    reader.disconnect();
  }

  private deliver(key: string, entries: [string, string[]][]): void {
    if (key === this.wakeKey) {
      this.wakeCursor = entries[entries.length - 1]?.[0] ?? this.wakeCursor;
      return;
    }
    const f = this.followed.get(key.slice(PREFIX.length));
    if (!f || f.cursor === undefined) return;
    for (const [id, fields] of entries) {
      // A tenant followed again since the read began starts later.
      if (compareIds(id, f.cursor) <= 0) continue;
      f.cursor = id;
      const entry = entryOf(id, fields);
      if (!entry) continue;
      for (const listener of [...f.listeners]) {
        try {
          listener.entry(entry);
        } catch (err) {
          this.logger.warn(`live listener failed: ${(err as Error).message}`);
        }
      }
    }
  }

  /** A tenant whose log moved on past what was kept (Redis was away, or the reader behind) loses its listeners. */
  private async recheck(tenants = [...this.followed.keys()]): Promise<void> {
    for (const tenant of tenants) {
      const f = this.followed.get(tenant);
      if (!f || f.cursor === undefined || (await this.kept(tenant, f.cursor))) continue;
      this.logger.warn(`live log of tenant ${tenant} moved on past what was read: its stream clients start again`);
      if (this.followed.get(tenant) === f) this.followed.delete(tenant);
      for (const listener of f.listeners) listener.lost();
    }
  }

  private wake(): void {
    this.redis
      .multi()
      .xadd(this.wakeKey, 'MAXLEN', 1, '*', 'w', '1')
      .expire(this.wakeKey, 60)
      .exec()
      .catch((err: Error) => this.logger.warn(`live reader not woken: ${err.message}`));
  }

  /** Whether the log still holds everything after `id`. */
  private async kept(tenant: string, id: string): Promise<boolean> {
    const key = keyOf(tenant);
    const [info, at] = ((await this.redis.multi().xinfo('STREAM', key).xrange(key, id, id).exec()) ?? []) as [Error | null, unknown][];
    if (at[0]) throw at[0];
    return keeps(id, info, at[1] as unknown[]);
  }

  private async info(tenant: string): Promise<Map<string, unknown> | undefined> {
    try {
      return infoMap(await this.redis.xinfo('STREAM', keyOf(tenant)));
    } catch (err) {
      if (/no such key/i.test((err as Error).message)) return undefined;
      throw err;
    }
  }
}

/** What the log stores of a message: its scope and period beside it, for filtering unread. */
function stored(m: LiveMessage): Omit<LiveEntry, 'id'> {
  const data = JSON.stringify(m.data);
  if (m.event === 'queue') return { event: 'queue', scope: m.scope ?? 'la', data };
  const v = m.data as { scope?: string; period?: string };
  return { event: 'metric', scope: v.scope ?? 'la', data, ...(v.period !== undefined && { period: v.period }) };
}

/**
 * From XINFO STREAM (or its error: no log) and XRANGE id id: everything after `id` is still
 * there when `id` is, or when it was the last one trimmed (`0-0` for a log never trimmed).
 */
function keeps(id: string, [noLog, info]: [Error | null, unknown], at: unknown[]): boolean {
  if (noLog) return id === START_ID;
  return at.length > 0 || id === infoMap(info).get('max-deleted-entry-id');
}

function infoMap(reply: unknown): Map<string, unknown> {
  const flat = reply as unknown[];
  const map = new Map<string, unknown>();
  for (let i = 0; i + 1 < flat.length; i += 2) map.set(String(flat[i]), flat[i + 1]);
  return map;
}
