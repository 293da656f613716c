import { AuthModule, type AuthSettings } from '@casewatch/auth';
import { authSettings, PlatformModule, postgresSettings } from '@casewatch/service-kit';
import { DynamicModule, Module } from '@nestjs/common';
import type { MetricsConfig } from './config';
import { metricsDataSourceOptions } from './database/data-source-options';
import { EventStoreModule } from '@casewatch/event-store';
import { FiguresController } from './figures/figures.controller';
import { ChildDeadlines } from './figures/child-deadlines';
import { FiguresService } from './figures/figures.service';
import { CareFigures } from './figures/care-figures';
import { RuleFigures } from './figures/rule-figures';
import { HotFigures } from './live/hot-figures';
import { LiveChannel } from './live/live-channel';
import { LiveFiguresService } from './live/live-figures.service';
import { QueueSizes } from './live/queue-sizes';
import { ReplayLag } from './live/replay-lag';
import { MetricTopic } from './topic/metric-topic';
import { PublishedFigures } from './topic/published-figures';
import { TopicScopes } from './topic/topic-scopes';
import { TopicSweeper } from './topic/topic-sweeper';
import { StreamController } from './live/stream.controller';
import { STREAM_SETTINGS, streamSettings } from './live/stream-settings';
import { StreamSnapshot } from './live/stream-snapshot';
import { METRICS_CONFIG } from './platform/tokens';
import { ProjectedReader } from './projection/projected-reader';
import { ProjectionQueue } from './projection/projection-queue';
import { QueuesController } from './queues/queues.controller';
import { QueuesService } from './queues/queues.service';

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
          // What happens to an event here, in order (pipeline.int.ts holds it to this).
          pipeline: {
            // Touched children queued for projection, in the events' transaction.
            withinApply: [ProjectionQueue],
            // Then: projection woken, live figures recomputed, the metric topic's units planned.
            afterApply: [ProjectionQueue, LiveFiguresService, TopicSweeper],
            // New tenant settings: projections redone if the rules changed, then the topic replanned.
            tenantsStored: [ProjectionQueue, TopicSweeper],
          },
        }),
      ],
      controllers: [FiguresController, QueuesController, StreamController],
      providers: [
        { provide: METRICS_CONFIG, useValue: config },
        FiguresService,
        ChildDeadlines,
        ProjectionQueue,
        ProjectedReader,
        RuleFigures,
        CareFigures,
        QueuesService,
        LiveChannel,
        HotFigures,
        LiveFiguresService,
        QueueSizes,
        StreamSnapshot,
        { provide: STREAM_SETTINGS, useValue: streamSettings(config) },
        ReplayLag,
        PublishedFigures,
        MetricTopic,
        TopicScopes,
        TopicSweeper,
      ],
    };
  }
}
