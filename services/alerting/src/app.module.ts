import { AuthModule, type AuthSettings } from '@casewatch/auth';
import { authSettings, PlatformModule, postgresSettings } from '@casewatch/service-kit';
import { EventStoreModule } from '@casewatch/event-store';
import { DynamicModule, Module } from '@nestjs/common';
import type { AlertingConfig } from './config';
import { AlertWriter } from './alerts/alert-writer';
import { AlertsController } from './alerts/alerts.controller';
import { alertingDataSourceOptions } from './database/data-source-options';
import { ChildEvaluator } from './deadlines/child-evaluator';
import { DeadlineStore } from './deadlines/deadline-store';
import { DeadlineTimer } from './deadlines/deadline-timer';
import { DeadlineTracker } from './deadlines/deadline-tracker';
import { DeadlinesController } from './deadlines/deadlines.controller';
import { EvaluationQueue } from './deadlines/evaluation-queue';
import { ReevaluationRunner } from './deadlines/reevaluation-runner';

import { ALERTING_CONFIG } from './platform/tokens';
import { DeliverySender } from './subscriptions/delivery-sender';
import { DeliveryWorker } from './subscriptions/delivery-worker';
import { DigestScheduler } from './subscriptions/digest-scheduler';
import { EmailSender } from './subscriptions/email-sender';
import { SubscriptionsController } from './subscriptions/subscriptions.controller';

@Module({})
export class AlertingModule {
  static forRoot(config: AlertingConfig, auth: AuthSettings = authSettings(config)): DynamicModule {
    return {
      module: AlertingModule,
      imports: [
        PlatformModule.forRoot({
          service: 'alerting',
          env: config,
          dataSource: alertingDataSourceOptions(postgresSettings(config, config.ALERTING_DB)),
        }),
        AuthModule.forRoot(auth),
        EventStoreModule.forRoot({
          groupId: config.ALERTING_CONSUMER_GROUP,
          fromBeginning: config.ALERTING_FROM_BEGINNING,
          partitionsConsumedConcurrently: config.ALERTING_PARTITIONS_AT_ONCE,
          // What happens to an event here, in order (pipeline.int.ts holds it to this).
          pipeline: {
            // Touched children queued for evaluation, in the events' transaction.
            withinApply: [DeadlineTracker],
            // Then the evaluation queue woken.
            afterApply: [DeadlineTracker],
            // New tenant rules: every child of the tenant re-evaluated.
            tenantsStored: [ReevaluationRunner],
            // Partitions moved: the deadline timers reloaded.
            rebalanced: [DeadlineTimer],
          },
        }),
      ],
      controllers: [DeadlinesController, AlertsController, SubscriptionsController],
      providers: [
        { provide: ALERTING_CONFIG, useValue: config },
        AlertWriter,
        DeadlineStore,
        DeadlineTimer,
        ChildEvaluator,
        EvaluationQueue,
        DeadlineTracker,
        ReevaluationRunner,
        EmailSender,
        DeliverySender,
        DeliveryWorker,
        DigestScheduler,
      ],
    };
  }
}
