import type { LocalDate } from '@casewatch/timescales';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { AlertingConfig } from '../config';
import { ALERTING_CONFIG } from '../platform/tokens';
import { DeliveryWorker } from './delivery-worker';
import { DigestStore } from './digest.store';
import { dueDigest, nextDigest } from './digest-schedule';

const RETRY_MS = 60_000;

/**
 * Gathers daily digests at DIGEST_HOUR London time: one timer to the next send time, no polling.
 * On start, today's digest is gathered at once if its hour has passed (it may have been missed
 * while the service was down); gathering twice for a day sends nothing twice (digest.store.ts).
 */
@Injectable()
export class DigestScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DigestScheduler.name);
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly digests: DigestStore,
    private readonly worker: DeliveryWorker,
    @Inject(ALERTING_CONFIG) private readonly config: AlertingConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.DIGEST_TIMER) return;
    const missed = dueDigest(Date.now(), this.config.DIGEST_HOUR);
    if (missed) this.fire(missed, Date.now());
    else this.scheduleAfter(Date.now());
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Gathers the digests for a London date and wakes the sender; returns how many were made. */
  async runDigest(date: LocalDate): Promise<number> {
    const made = await this.digests.assemble(date);
    if (made > 0) this.worker.wake();
    return made;
  }

  private scheduleAfter(afterMs: number): void {
    const next = nextDigest(afterMs, this.config.DIGEST_HOUR);
    this.arm(Math.max(0, next.at - Date.now()), () => this.fire(next.date, next.at));
  }

  private fire(date: LocalDate, at: number): void {
    this.running = this.runDigest(date).then(
      (made) => {
        this.logger.log(`daily digests for ${date}: ${made}`);
        this.scheduleAfter(at);
      },
      (err: Error) => {
        if (this.stopped) return;
        // Nothing was gathered (one transaction): try again soon rather than lose the day.
        this.logger.warn(`daily digests for ${date} failed, retrying in ${RETRY_MS / 1000} s: ${err.message}`);
        this.arm(RETRY_MS, () => this.fire(date, at));
      },
    );
  }

  private arm(ms: number, run: () => void): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(run, ms);
    this.timer.unref();
  }
}
