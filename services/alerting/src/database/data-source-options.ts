import { postgresOptions, type PostgresSettings } from '@casewatch/database';
import { AppliedOffsetEntity, CaseEventEntity, TenantSettingsEntity } from '@casewatch/event-store';
import type { DataSourceOptions } from 'typeorm';
import { AlertEntity } from '../alerts/alert.entity';
import { DeadlineEntity } from '../deadlines/deadline.entity';
import { Deadlines1763920000000 } from './migrations/1763920000000-deadlines';

export const ALERTING_ENTITIES = [CaseEventEntity, AppliedOffsetEntity, TenantSettingsEntity, DeadlineEntity, AlertEntity];
export const ALERTING_MIGRATIONS: DataSourceOptions['migrations'] = [Deadlines1763920000000];

export function alertingDataSourceOptions(settings: PostgresSettings, migrations = ALERTING_MIGRATIONS): DataSourceOptions {
  return postgresOptions(settings, { entities: ALERTING_ENTITIES, migrations });
}
