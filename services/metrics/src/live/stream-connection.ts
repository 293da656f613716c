import type { Logger } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import type { LiveListener } from './live-channel';
import { compareIds, sseFrame, START_ID, type LiveEntry } from './stream-entry';
import { selects, type StreamSelection } from './stream-selection';
import type { StreamSettings } from './stream-settings';

/** A message to write with its id (snapshot messages all carry the snapshot's id). */
export interface Frame {
  id: string;
  event: string;
  data: string;
}

/**
 * One SSE client. Messages heard while its snapshot (or catch-up) is written wait, then follow
 * it, each once, in order. A client that leaves more than `maxBufferedBytes` unread is dropped:
 * its socket destroyed, its listener removed, nothing kept for it.
 */
export class StreamConnection implements LiveListener {
  private pending: LiveEntry[] | undefined = [];
  private pendingBytes = 0;
  private last = START_ID;
  private closed = false;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly onEnd: (() => void)[] = [];

  constructor(
    private readonly raw: ServerResponse,
    private readonly selection: StreamSelection,
    private readonly settings: StreamSettings,
    private readonly logger: Logger,
    private readonly tenant: string,
  ) {
    raw.on('close', () => this.finish());
  }

  /** Runs `f` once the connection ends, however it ends (at once if it has). */
  whenEnded(f: () => void): void {
    if (this.closed) f();
    else this.onEnd.push(f);
  }

  /** Sends the headers and starts the heartbeat. */
  open(): void {
    if (this.closed) return;
    this.raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    this.write(': connected\n\n');
    this.heartbeat = setInterval(() => this.write(': heartbeat\n\n'), this.settings.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Writes the snapshot or catch-up (waiting for the client to read it), then goes live after `floor`. */
  async begin(floor: string, frames: Frame[]): Promise<void> {
    this.last = floor;
    for (const f of frames) {
      if (this.closed) return;
      this.raw.write(sseFrame(f.id, f.event, f.data));
      if (compareIds(f.id, this.last) > 0) this.last = f.id;
      if (this.raw.writableLength > this.settings.maxBufferedBytes && !(await this.drained())) return this.drop('did not read its snapshot');
    }
    const waiting = this.pending ?? [];
    this.pending = undefined;
    for (const e of waiting) this.send(e);
  }

  entry(e: LiveEntry): void {
    if (this.closed || !selects(this.selection, e, Date.now())) return;
    if (!this.pending) return this.send(e);
    this.pending.push(e);
    this.pendingBytes += e.data.length;
    if (this.pendingBytes > this.settings.maxBufferedBytes) this.drop('too many changes while its snapshot was written');
  }

  /**
   * Messages of one recount (a week's or quarter's figures), after the snapshot, all with one id:
   * the latest entry heard, or the last id sent if that is later, so ids never go back.
   */
  recounted(id: string, messages: { event: string; data: string }[]): void {
    if (this.closed || this.pending) return;
    if (compareIds(id, this.last) > 0) this.last = id;
    for (const m of messages) this.write(sseFrame(this.last, m.event, m.data));
  }

  lost(): void {
    // The client reconnects with its Last-Event-ID and is given the snapshot.
    this.end();
  }

  end(): void {
    if (this.closed) return;
    this.raw.end();
    this.finish();
  }

  private send(e: LiveEntry): void {
    if (compareIds(e.id, this.last) <= 0) return;
    this.last = e.id;
    this.write(sseFrame(e.id, e.event, e.data));
  }

  private write(text: string): void {
    if (this.closed) return;
    this.raw.write(text);
    if (this.raw.writableLength > this.settings.maxBufferedBytes) this.drop(`more than ${this.settings.maxBufferedBytes} bytes unread`);
  }

  private drop(reason: string): void {
    if (this.closed) return;
    this.logger.warn(`stream client of tenant ${this.tenant} dropped: ${reason}`);
    this.finish();
    this.raw.destroy();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.pending = undefined;
    for (const f of this.onEnd.splice(0)) f();
  }

  /** True once the client has read what waits; false if it closes or takes too long. */
  private drained(): Promise<boolean> {
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.raw.off('drain', onDrain);
        this.raw.off('close', onClose);
        resolve(ok);
      };
      const onDrain = () => done(true);
      const onClose = () => done(false);
      const timer = setTimeout(() => done(false), this.settings.drainTimeoutMs);
      this.raw.on('drain', onDrain);
      this.raw.on('close', onClose);
    });
  }
}
