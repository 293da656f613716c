import { AuthModule, type AuthSettings } from '@casewatch/auth';
import { authSettings, PlatformModule, postgresSettings } from '@casewatch/service-kit';
import { EventStoreModule } from '@casewatch/event-store';
import { DynamicModule, Module } from '@nestjs/common';
import type { AlertingConfig } from './config';
import { AlertOutbox } from './alerts/alert-outbox';
import { AlertWriter } from './alerts/alert-writer';
import { AlertStore } from './alerts/alert.store';
import { AlertsController } from './alerts/alerts.controller';
import { alertingDataSourceOptions } from './database/data-source-options';
import { CaseEventReader } from './deadlines/case-event.store';
import { ChildEvaluator } from './deadlines/child-evaluator';
import { DeadlineStore } from './deadlines/deadline.store';
import { DeadlineTimer } from './deadlines/deadline-timer';
import { QueueChildrenToEvaluate, ReevaluateOnNewRules, ReloadDeadlineTimers, WakeEvaluation } from './pipeline/alerting-steps';
import { DeadlineWriter } from './deadlines/deadline-writer';
import { DeadlinesController } from './deadlines/deadlines.controller';
import { EvaluationQueue } from './deadlines/evaluation-queue';
import { ReevaluationJobStore } from './deadlines/reevaluation-job.store';
import { ReevaluationRunner } from './deadlines/reevaluation-runner';

import { ALERTING_CONFIG } from './platform/tokens';
import { DeliveryOutbox } from './subscriptions/delivery-outbox';
import { DeliverySender } from './subscriptions/delivery-sender';
import { DeliveryStore } from './subscriptions/delivery.store';
import { DeliveryWorker } from './subscriptions/delivery-worker';
import { DigestScheduler } from './subscriptions/digest-scheduler';
import { DigestStore } from './subscriptions/digest.store';
import { EmailSender } from './subscriptions/email-sender';
import { SubscriptionStore } from './subscriptions/subscription.store';
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
          // What happens to an event here, in order (pipeline/pipeline.int.ts holds it to this).
          pipeline: {
            // In the transaction that stores the events.
            withinApply: [QueueChildrenToEvaluate],
            // Once they are committed.
            afterApply: [WakeEvaluation],
            // New tenant settings stored from csc.tenants.v1.
            tenantsStored: [ReevaluateOnNewRules],
            // After each join of the consumer group.
            rebalanced: [ReloadDeadlineTimers],
          },
        }),
      ],
      controllers: [DeadlinesController, AlertsController, SubscriptionsController],
      providers: [
        { provide: ALERTING_CONFIG, useValue: config },
        AlertStore,
        AlertWriter,
        // New alerts become deliveries: alerts know no subscriber.
        { provide: AlertOutbox, useClass: DeliveryOutbox },
        CaseEventReader,
        DeadlineStore,
        DeadlineWriter,
        DeadlineTimer,
        ChildEvaluator,
        EvaluationQueue,
        QueueChildrenToEvaluate,
        WakeEvaluation,
        ReevaluateOnNewRules,
        ReloadDeadlineTimers,
        ReevaluationJobStore,
        ReevaluationRunner,
        EmailSender,
        SubscriptionStore,
        DeliveryStore,
        DigestStore,
        DeliverySender,
        DeliveryWorker,
        DigestScheduler,
      ],
    };
  }
}
