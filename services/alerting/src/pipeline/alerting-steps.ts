import type { AfterApply, EventRow, Rebalanced, TenantsChanged, WithinApply } from '@casewatch/event-store';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DeadlineTimer } from '../deadlines/deadline-timer';
import { EvaluationQueue } from '../deadlines/evaluation-queue';
import { ReevaluationRunner } from '../deadlines/reevaluation-runner';

// The steps of the alerting pipeline, each one method of one stage; their order is app.module.ts'.

/** The touched children into children_to_evaluate, in the events' transaction (a crash loses none). */
@Injectable()
export class QueueChildrenToEvaluate implements WithinApply {
  constructor(private readonly queue: EvaluationQueue) {}

  withinApply(m: EntityManager, rows: EventRow[]): Promise<void> {
    return this.queue.queueTouched(m, rows);
  }
}

/** The evaluation workers woken for what was queued. */
@Injectable()
export class WakeEvaluation implements AfterApply {
  constructor(private readonly queue: EvaluationQueue) {}

  applied(): void {
    this.queue.wakeUp();
  }
}

/** Every child of a tenant whose rules changed, re-evaluated by a durable job. */
@Injectable()
export class ReevaluateOnNewRules implements TenantsChanged {
  constructor(private readonly runner: ReevaluationRunner) {}

  tenantsStored(tenants: string[]): Promise<void> {
    return this.runner.reevaluateIfRulesChanged(tenants);
  }
}

/** The deadline timers reloaded: partitions may have moved between instances. */
@Injectable()
export class ReloadDeadlineTimers implements Rebalanced {
  constructor(private readonly timer: DeadlineTimer) {}

  rebalanced(): void {
    this.timer.groupJoined();
  }
}
