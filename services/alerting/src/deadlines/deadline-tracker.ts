import { CaseEventsConsumer, type AfterApply, type EventRow } from '@casewatch/event-store';
import { Injectable } from '@nestjs/common';
import { ChildEvaluator } from './child-evaluator';
import { TenantRules } from './tenant-rules';

/** Re-evaluates the deadlines of every child whose events were just applied. */
@Injectable()
export class DeadlineTracker implements AfterApply {
  constructor(
    private readonly evaluator: ChildEvaluator,
    private readonly rules: TenantRules,
    consumer: CaseEventsConsumer,
  ) {
    consumer.onApplied(this);
  }

  async applied(_tenants: Set<string>, rows: EventRow[]): Promise<void> {
    const children = new Map<string, { tenant: string; subject: string }>();
    for (const r of rows) children.set(`${r.event.tenant}\u0000${r.event.subject}`, { tenant: r.event.tenant, subject: r.event.subject });
    const now = Date.now();
    for (const { tenant, subject } of children.values()) {
      const { compiled } = await this.rules.of(tenant);
      await this.evaluator.evaluate(tenant, subject, compiled, now);
    }
  }
}
