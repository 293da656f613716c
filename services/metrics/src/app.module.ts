import { AuthModule, type AuthSettings } from '@casewatch/auth';
import { authSettings, PlatformModule, postgresSettings } from '@casewatch/service-kit';
import { DynamicModule, Module } from '@nestjs/common';
import type { MetricsConfig } from './config';
import { metricsDataSourceOptions } from './database/data-source-options';
import { EventStoreModule } from '@casewatch/event-store';
import { BreakdownsController } from './breakdowns/breakdowns.controller';
import { BreakdownsService } from './breakdowns/breakdowns.service';
import { BreakdownStore } from './breakdowns/breakdown.store';
import { FiguresController } from './figures/figures.controller';
import { ChildDeadlines } from './figures/child-deadlines';
import { ChildEventsStore } from './figures/child-events.store';
import { FiguresService } from './figures/figures.service';
import { CareFigures } from './figures/care-figures';
import { CareFiguresStore } from './figures/care-figures.store';
import { CasePageStore } from './figures/case-page.store';
import { EventFiguresStore } from './figures/event-figures.store';
import { DayCountsStore } from './figures/day-counts.store';
import { RuleFigures } from './figures/rule-figures';
import { HotFigures } from './figures/hot-figures';
import { LiveChannel } from './live/live-channel';
import { LiveFiguresService } from './live/live-figures.service';
import { QueueSizes } from './live/queue-sizes';
import { ReplayLag } from './live/replay-lag';
import { MetricTopic } from './topic/metric-topic';
import { PublishedFiguresStore } from './topic/published-figures.store';
import { TopicScopesStore } from './topic/topic-scopes.store';
import { TopicSweeper } from './live/topic-sweeper';
import { StreamController } from './live/stream.controller';
import { STREAM_SETTINGS, streamSettings } from './live/stream-settings';
import { StreamSnapshot } from './live/stream-snapshot';
import {
  PlanTopicUnits,
  QueueChildrenToProject,
  RecomputeLiveFigures,
  RefreshProjectedFigures,
  ReplanTopic,
  ReprojectOnNewRules,
  WakeProjection,
} from './pipeline/metrics-steps';
import { METRICS_CONFIG } from './platform/tokens';
import { AFTER_PROJECTION, type AfterProjectionSteps } from './projection/after-projection';
import { ProjectedFactsStore } from './projection/projected-facts.store';
import { ProjectionQueue } from './projection/projection-queue';
import { ProjectionQueueStore } from './projection/projection-queue.store';
import { ProjectionStore } from './projection/projection.store';
import { ProjectionWriter } from './projection/projection-writer';
import { QueuesController } from './queues/queues.controller';
import { QueuesService } from './queues/queues.service';
import { QueueStore } from './queues/queue.store';
import { RegionsController } from './regions/regions.controller';
import { RegionsService } from './regions/regions.service';

@Module({})
export class MetricsModule {
  static forRoot(config: MetricsConfig, auth: AuthSettings = authSettings(config)): DynamicModule {
    return {
      module: MetricsModule,
      imports: [
        PlatformModule.forRoot({
          service: 'metrics',
          env: config,
          dataSource: metricsDataSourceOptions(postgresSettings(config, config.METRICS_DB)),
        }),
        AuthModule.forRoot(auth),
        EventStoreModule.forRoot({
          groupId: config.METRICS_CONSUMER_GROUP,
          fromBeginning: config.METRICS_FROM_BEGINNING,
          partitionsConsumedConcurrently: config.METRICS_PARTITIONS_AT_ONCE,
          // The live counts read a few rows per day (figures/day-counts.store.ts).
          dayCounts: true,
          // What happens to an event here, in order (pipeline/pipeline.int.ts holds it to this).
          pipeline: {
            // In the transaction that stores the events.
            withinApply: [QueueChildrenToProject],
            // Once they are committed.
            afterApply: [WakeProjection, RecomputeLiveFigures, PlanTopicUnits],
            // New tenant settings stored from csc.tenants.v1.
            tenantsStored: [ReprojectOnNewRules, ReplanTopic],
          },
        }),
      ],
      controllers: [FiguresController, BreakdownsController, QueuesController, StreamController, RegionsController],
      providers: [
        { provide: METRICS_CONFIG, useValue: config },
        // ...and once the touched children are projected.
        { provide: AFTER_PROJECTION, useValue: [RefreshProjectedFigures] satisfies AfterProjectionSteps },
        QueueChildrenToProject,
        WakeProjection,
        RecomputeLiveFigures,
        PlanTopicUnits,
        ReprojectOnNewRules,
        ReplanTopic,
        RefreshProjectedFigures,
        FiguresService,
        BreakdownsService,
        BreakdownStore,
        EventFiguresStore,
        DayCountsStore,
        CasePageStore,
        ChildDeadlines,
        ChildEventsStore,
        ProjectionQueue,
        ProjectionQueueStore,
        ProjectionStore,
        ProjectionWriter,
        ProjectedFactsStore,
        RuleFigures,
        CareFigures,
        CareFiguresStore,
        QueuesService,
        QueueStore,
        RegionsService,
        LiveChannel,
        HotFigures,
        LiveFiguresService,
        QueueSizes,
        StreamSnapshot,
        { provide: STREAM_SETTINGS, useValue: streamSettings(config) },
        ReplayLag,
        PublishedFiguresStore,
        MetricTopic,
        TopicScopesStore,
        TopicSweeper,
      ],
    };
  }
}
