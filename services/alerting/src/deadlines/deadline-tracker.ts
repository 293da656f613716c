import { CaseEventsConsumer, type AfterApply, type EventRow } from '@casewatch/event-store';
import { Injectable } from '@nestjs/common';
import { childKey } from './child-events';
import { EvaluationQueue } from './evaluation-queue';

/** Queues every child whose events were just applied for its deadlines to be evaluated. */
@Injectable()
export class DeadlineTracker implements AfterApply {
  constructor(
    private readonly queue: EvaluationQueue,
    consumer: CaseEventsConsumer,
  ) {
    consumer.onApplied(this);
  }

  async applied(_tenants: Set<string>, rows: EventRow[]): Promise<void> {
    const children = new Map<string, { tenant: string; subject: string }>();
    for (const r of rows) children.set(childKey(r.event.tenant, r.event.subject), { tenant: r.event.tenant, subject: r.event.subject });
    await this.queue.add([...children.values()]);
  }
}
