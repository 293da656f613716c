import { Injectable } from '@nestjs/common';
import type { AppliedBatch } from '@casewatch/event-store';

// Further behind than this (messages summed over partitions), the service is replaying or
// catching up: figures wait until it has, rather than slowing it down.
const CATCHING_UP_LAG = 5000;
const LAG_MEMORY_MS = 10_000;

/** How far the consumer is behind the case-events topic, from the batches it applied. */
@Injectable()
export class ReplayLag {
  private readonly lags = new Map<number, { lag: number; at: number }>();

  /** Notes a batch's lag; true while catching up. */
  note(batch: AppliedBatch): boolean {
    this.lags.set(batch.partition, { lag: batch.lag, at: Date.now() });
    return this.catchingUp();
  }

  catchingUp(): boolean {
    const now = Date.now();
    let behind = 0;
    // A partition not heard of for a while is caught up or no longer ours.
    for (const { lag, at } of this.lags.values()) if (now - at < LAG_MEMORY_MS) behind += lag;
    return behind > CATCHING_UP_LAG;
  }
}
