import type { AfterApply, AppliedBatch, EventRow, TenantsChanged, WithinApply } from '@casewatch/event-store';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { LiveFiguresService } from '../live/live-figures.service';
import { ReplayLag } from '../live/replay-lag';
import { TopicSweeper } from '../live/topic-sweeper';
import type { AfterProjection } from '../projection/after-projection';
import { ProjectionQueue } from '../projection/projection-queue';

// The steps of the metrics pipeline, each one method of one stage; their order is app.module.ts'.

/** The touched children into children_to_project, in the events' transaction (a crash loses none). */
@Injectable()
export class QueueChildrenToProject implements WithinApply {
  constructor(private readonly projection: ProjectionQueue) {}

  withinApply(m: EntityManager, rows: EventRow[]): Promise<void> {
    return this.projection.queueTouched(m, rows);
  }
}

/** The projection workers woken for what was queued, or held while the consumer catches up. */
@Injectable()
export class WakeProjection implements AfterApply {
  constructor(
    private readonly projection: ProjectionQueue,
    private readonly lag: ReplayLag,
  ) {}

  applied(_tenants: Set<string>, _rows: EventRow[], batch: AppliedBatch): void {
    this.projection.wake(this.lag.note(batch));
  }
}

/** The running month's live figures: those the events touch at once, a full pass soon. */
@Injectable()
export class RecomputeLiveFigures implements AfterApply {
  constructor(private readonly live: LiveFiguresService) {}

  applied(tenants: Set<string>, rows: EventRow[], batch: AppliedBatch): void {
    this.live.eventsApplied(tenants, rows, batch);
  }
}

/** The metric topic's units (periods, scopes) the events touch, planned for the sweeper. */
@Injectable()
export class PlanTopicUnits implements AfterApply {
  constructor(private readonly sweeper: TopicSweeper) {}

  applied(tenants: Set<string>, rows: EventRow[], batch: AppliedBatch): void {
    this.sweeper.eventsApplied(tenants, rows, batch);
  }
}

/** Every child of a tenant whose rules changed queued for projection again. */
@Injectable()
export class ReprojectOnNewRules implements TenantsChanged {
  constructor(private readonly projection: ProjectionQueue) {}

  tenantsStored(tenants: string[]): Promise<void> {
    return this.projection.reprojectIfRulesChanged(tenants);
  }
}

/** Every unit of a tenant whose settings (targets decide RAG) changed, planned again. */
@Injectable()
export class ReplanTopic implements TenantsChanged {
  constructor(private readonly sweeper: TopicSweeper) {}

  tenantsStored(tenants: string[]): Promise<void> {
    return this.sweeper.settingsStored(tenants);
  }
}

/** Rule-based figures recomputed once the touched children are projected. */
@Injectable()
export class RefreshProjectedFigures implements AfterProjection {
  constructor(private readonly live: LiveFiguresService) {}

  projected(tenants: string[]): void {
    this.live.changed(tenants);
  }
}
