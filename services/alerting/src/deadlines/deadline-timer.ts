import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Heap } from 'heap-js';
import { DeadlineStore } from './deadline.store';
import { DeadlineWriter } from './deadline-writer';

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
 * passed while the service was down fire at once on start. After a rebalance the heap is loaded
 * again: deadlines another instance opened (and was timing) may now be this one's; where two
 * instances time the same deadline, the unique (deadline, kind) alert row keeps it to one alert.
 */
@Injectable()
export class DeadlineTimer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeadlineTimer.name);
  private heap = new Heap<Due>((a, b) => a.at - b.at);
  /** Scheduled while a reload is under way, to be kept in the new heap. */
  private duringReload: Due[] | undefined;
  private joins = 0;
  private reloading: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private armedFor = Infinity;
  private firing: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly store: DeadlineStore,
    private readonly writer: DeadlineWriter,
  ) {}

  /** After each join of the consumer group: partitions, and so deadlines, may have moved between instances. */
  groupJoined(): void {
    // The first join follows the load at start; later ones are rebalances.
    if (++this.joins > 1) void this.reload();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.load();
  }

  /** Loads every pending transition into a fresh heap (at start, and after a rebalance). */
  private async load(): Promise<void> {
    const heap = new Heap<Due>((a, b) => a.at - b.at);
    this.duringReload = [];
    let count = 0;
    try {
      for await (const page of this.store.pendingTransitions()) {
        for (const p of page) heap.push({ at: p.at, deadlineId: p.deadline_id });
        count += page.length;
      }
    } finally {
      for (const d of this.duringReload) heap.push(d);
      this.duringReload = undefined;
    }
    this.heap = heap;
    this.logger.log(`${count} deadline transitions scheduled`);
    this.arm();
  }

  private reload(): Promise<void> {
    this.reloading ??= this.load()
      .catch((err: Error) => this.logger.warn(`deadline timers not reloaded after a rebalance: ${err.message}`))
      .finally(() => (this.reloading = undefined));
    return this.reloading;
  }

  /** Whether a transition of this deadline is waiting (diagnostics and tests). */
  isScheduled(deadlineId: string): boolean {
    return this.heap.toArray().some((d) => d.deadlineId === deadlineId);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await Promise.all([this.firing, this.reloading]);
  }

  schedule(deadlineId: string, at: number): void {
    this.push({ at, deadlineId });
    if (at < this.armedFor) this.arm();
  }

  private push(d: Due): void {
    this.heap.push(d);
    this.duringReload?.push(d);
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
      if (due.length > 0) await this.writer.advanceByClock([...new Set(due)], new Date(now));
      // A deadline moved to due-soon still has its dueAt ahead: the store's state decides, so re-check later.
      if (due.length > 0) for (const p of await this.store.pendingTransitionsOf(due)) this.push({ at: p.at.getTime(), deadlineId: p.deadline_id });
    } catch (err) {
      this.logger.warn(`firing ${due.length} deadlines failed, retrying: ${(err as Error).message}`);
      for (const id of due) this.push({ at: now + 1000, deadlineId: id });
    }
    this.arm();
  }
}
