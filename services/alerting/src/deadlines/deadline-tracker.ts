import { type AfterApply, type EventRow, type WithinApply } from '@casewatch/event-store';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { childKey } from './child-events';
import { EvaluationQueue } from './evaluation-queue';

/**
 * Queues every child whose events were just applied for its deadlines to be evaluated, in the
 * transaction that stores the events: a crash cannot keep a child's new events from its deadlines.
 */
@Injectable()
export class DeadlineTracker implements WithinApply, AfterApply {
  constructor(private readonly queue: EvaluationQueue) {}

  async withinApply(m: EntityManager, rows: EventRow[]): Promise<void> {
    const children = new Map<string, { tenant: string; subject: string }>();
    for (const r of rows) children.set(childKey(r.event.tenant, r.event.subject), { tenant: r.event.tenant, subject: r.event.subject });
    await this.queue.add([...children.values()], m);
  }

  applied(): void {
    this.queue.wakeUp();
  }
}
