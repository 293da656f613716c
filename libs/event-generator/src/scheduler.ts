import { DAY } from './calendar';
import type { Child } from './child';
import { Heap } from './heap';

const childLess = (a: Child, b: Child): boolean => a.due < b.due || (a.due === b.due && a.no < b.no);

/**
 * Children by the time of their next item: a small heap for the current day and plain buckets for
 * later days, so a child whose next visit is weeks away costs an append, not a trip down a heap of
 * every open case. Order: `due`, then child number. Invariant: every child in `today` is due on or
 * before `day`; every bucketed child after it.
 */
export class Scheduler {
  private day = Number.NEGATIVE_INFINITY;
  private readonly today = new Heap<Child>(childLess);
  private readonly buckets = new Map<number, Child[]>();
  private readonly bucketDays = new Heap<number>((a, b) => a < b);

  /** The child due first (advancing to the next day with work when today's is done). */
  peek(): Child | undefined {
    if (this.today.size === 0) this.advance();
    return this.today.peek();
  }

  add(child: Child): void {
    const day = Math.floor(child.due / DAY);
    if (day <= this.day) {
      this.today.push(child);
      return;
    }
    let bucket = this.buckets.get(day);
    if (!bucket) {
      bucket = [];
      this.buckets.set(day, bucket);
      this.bucketDays.push(day);
    }
    bucket.push(child);
  }

  /** After the child from peek() has been processed: re-files it by its new `due`, or drops it if idle. */
  requeueTop(child: Child): void {
    if (child.idle) {
      this.today.pop();
    } else if (Math.floor(child.due / DAY) <= this.day) {
      this.today.updateTop();
    } else {
      this.today.pop();
      this.add(child);
    }
  }

  private advance(): void {
    const day = this.bucketDays.pop();
    if (day === undefined) return;
    this.day = day;
    const bucket = this.buckets.get(day) as Child[];
    this.buckets.delete(day);
    for (const child of bucket) this.today.push(child);
  }
}
