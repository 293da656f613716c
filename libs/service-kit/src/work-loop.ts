import type { Logger } from '@nestjs/common';

/**
 * A background worker: `kick` runs rounds until one reports nothing left; a kick during a round
 * runs another pass. A failing round is retried after a doubling wait; `stop` ends it between
 * rounds (and cuts a wait short).
 */
export class WorkLoop {
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private wake: (() => void) | undefined;

  constructor(
    /** One round of work; resolves true when there may be more. */
    private readonly round: () => Promise<boolean>,
    private readonly logger: Logger,
    private readonly what: string,
    private readonly retry: { minMs: number; maxMs: number },
  ) {}

  get isStopped(): boolean {
    return this.stopped;
  }

  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => (this.running = undefined));
  }

  /** Resolves when no round is running (for tests and benchmarks). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
  }

  private async loop(): Promise<void> {
    let retryMs = this.retry.minMs;
    do {
      this.again = false;
      while (!this.stopped) {
        try {
          const more = await this.round();
          retryMs = this.retry.minMs;
          if (!more) break;
        } catch (err) {
          this.logger.warn(`${this.what} paused ${retryMs} ms: ${(err as Error).message}`);
          await this.sleep(retryMs);
          retryMs = Math.min(retryMs * 2, this.retry.maxMs);
        }
      }
    } while (this.again && !this.stopped);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
