import type { MetricValue, QueueSize } from '@casewatch/contracts';
import { Logger } from '@nestjs/common';
import { londonMonth } from '../common/periods';
import { tileView } from '../overview/tile-view';
import { SseParser, sseFrame, type SseMessage } from './sse';

/** Where a browser's figures come from: one upstream `/stream` per key, shared by all its browsers. */
export interface StreamKey {
  tenant: string;
  period: string;
  scope: string;
}

export interface LiveClient {
  /** Writes one frame; false when the client cannot take more (it is then dropped). */
  write(frame: string): boolean;
  close(): void;
}

export interface UpstreamOpener {
  (key: StreamKey, lastEventId: string | undefined, signal: AbortSignal): Promise<ReadableStream<Uint8Array>>;
}

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 15_000;
/** An upstream without browsers is kept this long, so a page reload does not reconnect. */
const IDLE_CLOSE_MS = 10_000;

/**
 * Follows the metrics service's `/stream` for each (tenant, period, scope) that some browser is
 * watching, with the dashboard's token, and relays each change to those browsers as the tile
 * fields they show. The last value of every metric and queue is kept, so a browser that joins
 * an open upstream gets the current snapshot at once.
 */
export class Upstream {
  readonly clients = new Set<LiveClient>();
  readonly metrics = new Map<string, string>();
  readonly queues = new Map<string, string>();
  private abort = new AbortController();
  private lastEventId: string | undefined;
  private closed = false;
  private idleTimer: NodeJS.Timeout | undefined;
  private connected = false;

  constructor(
    readonly key: StreamKey,
    private readonly open: UpstreamOpener,
    private readonly log: Logger,
    private readonly onIdle: () => void,
    private readonly now: () => Date = () => new Date(),
  ) {
    void this.run();
  }

  get isConnected(): boolean {
    return this.connected;
  }

  add(client: LiveClient): void {
    clearTimeout(this.idleTimer);
    this.clients.add(client);
    for (const frame of [...this.metrics.values(), ...this.queues.values()]) if (!client.write(frame)) return this.drop(client);
  }

  remove(client: LiveClient): void {
    this.clients.delete(client);
    if (this.clients.size === 0) {
      clearTimeout(this.idleTimer);
      this.idleTimer = setTimeout(() => this.onIdle(), IDLE_CLOSE_MS);
      this.idleTimer.unref();
    }
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.idleTimer);
    this.abort.abort();
    for (const c of this.clients) c.close();
    this.clients.clear();
  }

  /** Handles one upstream message: keeps it and sends it to every browser of this key. */
  receive(m: SseMessage): void {
    if (m.id) this.lastEventId = m.id;
    let frame: string | undefined;
    if (m.event === 'metric') {
      const value = JSON.parse(m.data) as MetricValue;
      if (!this.matches(value)) return;
      frame = sseFrame('metric', tileView(value));
      this.metrics.set(value.metricId, frame);
    } else if (m.event === 'queue') {
      const q = JSON.parse(m.data) as QueueSize;
      frame = sseFrame('queue', { queueId: q.queueId, size: q.size });
      this.queues.set(q.queueId, frame);
    }
    if (!frame) return;
    for (const c of this.clients) if (!c.write(frame)) this.drop(c);
  }

  /** The stream may carry other scopes or periods than asked: only this key's figures pass. */
  private matches(v: MetricValue): boolean {
    if (v.scope !== this.key.scope) return false;
    if (this.key.period === 'current') return v.period === londonMonth(this.now());
    return v.period === this.key.period;
  }

  private drop(client: LiveClient): void {
    client.close();
    this.remove(client);
  }

  private async run(): Promise<void> {
    let wait = RECONNECT_MIN_MS;
    while (!this.closed) {
      try {
        const body = await this.open(this.key, this.lastEventId, this.abort.signal);
        this.connected = true;
        wait = RECONNECT_MIN_MS;
        const parser = new SseParser((m) => {
          try {
            this.receive(m);
          } catch (err) {
            this.log.warn(`unusable ${m.event} message from the metrics stream: ${(err as Error).message}`);
          }
        });
        const decoder = new TextDecoder();
        for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) parser.push(decoder.decode(chunk, { stream: true }));
        if (!this.closed) this.log.warn(`metrics stream of ${this.key.tenant} ended; reconnecting`);
      } catch (err) {
        if (this.closed) break;
        this.log.warn(`metrics stream of ${this.key.tenant} failed: ${(err as Error).message}; retrying in ${wait} ms`);
      }
      this.connected = false;
      if (this.closed) break;
      await new Promise((r) => setTimeout(r, wait).unref());
      wait = Math.min(RECONNECT_MAX_MS, wait * 2);
    }
  }
}

/** The upstreams by key. */
export class LiveHub {
  private readonly upstreams = new Map<string, Upstream>();
  private readonly log = new Logger('LiveHub');

  constructor(private readonly open: UpstreamOpener) {}

  subscribe(key: StreamKey, client: LiveClient): () => void {
    const id = `${key.tenant}|${key.period}|${key.scope}`;
    let upstream = this.upstreams.get(id);
    if (!upstream) {
      upstream = new Upstream(key, this.open, this.log, () => {
        if (upstream!.clients.size > 0) return;
        upstream!.close();
        this.upstreams.delete(id);
      });
      this.upstreams.set(id, upstream);
    }
    const u = upstream;
    u.add(client);
    return () => u.remove(client);
  }

  get size(): number {
    return this.upstreams.size;
  }

  close(): void {
    for (const u of this.upstreams.values()) u.close();
    this.upstreams.clear();
  }
}
