import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Heap } from 'heap-js';
import { DeadlineStore } from './deadline-store';

interface Due {
  at: number;
  deadlineId: string;
}

// Node's timers take at most ~24.8 days; later wake-ups are re-armed.
const MAX_TIMEOUT_MS = 2 ** 31 - 1;
const BATCH = 5000;

/**
 * Time-driven firing: one timer for the earliest pending transition (a heap of all of them), so
 * an overdue alert fires within a second of dueAt without polling the table. Transitions that
 * passed while the service was down fire at once on start.
 */
@Injectable()
export class DeadlineTimer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeadlineTimer.name);
  private readonly heap = new Heap<Due>((a, b) => a.at - b.at);
  private timer: NodeJS.Timeout | undefined;
  private armedFor = Infinity;
  private firing: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly store: DeadlineStore) {}

  async onApplicationBootstrap(): Promise<void> {
    let count = 0;
    for await (const page of this.store.pendingTransitions()) {
      for (const p of page) this.heap.push({ at: p.at, deadlineId: p.deadline_id });
      count += page.length;
    }
    this.logger.log(`${count} deadline transitions scheduled`);
    this.arm();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.firing;
  }

  schedule(deadlineId: string, at: number): void {
    this.heap.push({ at, deadlineId });
    if (at < this.armedFor) this.arm();
  }

  private arm(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    const next = this.heap.peek();
    if (!next) {
      this.armedFor = Infinity;
      return;
    }
    this.armedFor = next.at;
    const wait = Math.min(Math.max(0, next.at - Date.now()), MAX_TIMEOUT_MS);
    this.timer = setTimeout(() => {
      this.firing = this.fire().finally(() => (this.firing = undefined));
    }, wait);
  }

  private async fire(): Promise<void> {
    const now = Date.now();
    const due: string[] = [];
    while (due.length < BATCH && (this.heap.peek()?.at ?? Infinity) <= now) due.push((this.heap.pop() as Due).deadlineId);
    try {
      if (due.length > 0) await this.store.advanceByClock([...new Set(due)], new Date(now));
      // A deadline moved to due-soon still has its dueAt ahead: the store's state decides, so re-check later.
      if (due.length > 0) for (const p of await this.store.pendingTransitionsOf(due)) this.heap.push({ at: p.at.getTime(), deadlineId: p.deadline_id });
    } catch (err) {
      this.logger.warn(`firing ${due.length} deadlines failed, retrying: ${(err as Error).message}`);
      for (const id of due) this.heap.push({ at: now + 1000, deadlineId: id });
    }
    this.arm();
  }
}
