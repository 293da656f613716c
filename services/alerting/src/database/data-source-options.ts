import { postgresOptions, type PostgresSettings } from '@casewatch/database';
import { CaseEventEntity, CaseEventsPerTenant1765000000000, EventLog1763905000000 } from '@casewatch/event-log';
import { AppliedOffsetEntity, AppliedOffsets1763906000000 } from '@casewatch/event-store';
import { TenantSettings1763907000000, TenantSettingsEntity } from '@casewatch/tenant-settings';
import type { DataSourceOptions } from 'typeorm';
import { AlertEntity } from '../alerts/alert.entity';
import { DeadlineEntity } from '../deadlines/deadline.entity';
import { ChildToEvaluateEntity } from '../deadlines/child-to-evaluate.entity';
import { TenantEvaluationEntity } from '../deadlines/tenant-evaluation.entity';
import { DeliveryEntity } from '../subscriptions/delivery.entity';
import { DigestEntity } from '../subscriptions/digest.entity';
import { DigestReminderEntity } from '../subscriptions/digest-reminder.entity';
import { SubscriptionEntity } from '../subscriptions/subscription.entity';
import { Deadlines1763920000000 } from './migrations/1763920000000-deadlines';
import { Subscriptions1763930000000 } from './migrations/1763930000000-subscriptions';
import { EmailDigests1764000000000 } from './migrations/1764000000000-email-digests';
import { TenantEvaluations1764100000000 } from './migrations/1764100000000-tenant-evaluations';
import { ChildrenToEvaluate1764200000000 } from './migrations/1764200000000-children-to-evaluate';
import { DigestReminders1764300000000 } from './migrations/1764300000000-digest-reminders';
import { EventsWithoutTypeIndex1764450000000 } from './migrations/1764450000000-events-without-type-index';
import { SealedWebhookSecrets1765200000000 } from './migrations/1765200000000-sealed-webhook-secrets';

export const ALERTING_ENTITIES = [
  CaseEventEntity,
  AppliedOffsetEntity,
  TenantSettingsEntity,
  DeadlineEntity,
  AlertEntity,
  SubscriptionEntity,
  DeliveryEntity,
  DigestEntity,
  DigestReminderEntity,
  TenantEvaluationEntity,
  ChildToEvaluateEntity,
];
// The libraries' tables first (event log, offsets, tenant settings): the later ones use them.
export const ALERTING_MIGRATIONS: DataSourceOptions['migrations'] = [
  EventLog1763905000000,
  AppliedOffsets1763906000000,
  TenantSettings1763907000000,
  Deadlines1763920000000,
  Subscriptions1763930000000,
  EmailDigests1764000000000,
  TenantEvaluations1764100000000,
  ChildrenToEvaluate1764200000000,
  DigestReminders1764300000000,
  EventsWithoutTypeIndex1764450000000,
  CaseEventsPerTenant1765000000000,
  SealedWebhookSecrets1765200000000,
];

export function alertingDataSourceOptions(settings: PostgresSettings, migrations = ALERTING_MIGRATIONS): DataSourceOptions {
  return postgresOptions(settings, { entities: ALERTING_ENTITIES, migrations });
}
