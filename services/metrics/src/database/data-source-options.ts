import { postgresOptions, type PostgresSettings } from '@casewatch/database';
import type { DataSourceOptions } from 'typeorm';
import { CaseEventEntity, CaseEventsPerTenant1765000000000, EventLog1763905000000 } from '@casewatch/event-log';
import { AppliedOffsetEntity, AppliedOffsets1763906000000 } from '@casewatch/event-store';
import { TenantSettings1763907000000, TenantSettingsEntity } from '@casewatch/tenant-settings';

import { EventStore1763910000000 } from './migrations/1763910000000-event-store';
import { ChildProjections1764900000000 } from './migrations/1764900000000-child-projections';
import { EventsByChildAndType1764910000000 } from './migrations/1764910000000-events-by-child-and-type';
import { PublishedFigures1765200000000 } from './migrations/1765200000000-published-figures';
import { AllocationsByChild1765400000000 } from './migrations/1765400000000-allocations-by-child';
import { ItemKeys1765500000000 } from './migrations/1765500000000-item-keys';
import { ProjectedReads1765510000000 } from './migrations/1765510000000-projected-reads';
import { AllocationsCovering1765520000000 } from './migrations/1765520000000-allocations-covering';
import { PriorWindow1765530000000 } from './migrations/1765530000000-prior-window';
import { EventDayCounts1765540000000 } from './migrations/1765540000000-event-day-counts';
import { RowsPerChild1765550000000 } from './migrations/1765550000000-rows-per-child';

export const METRICS_ENTITIES = [CaseEventEntity, AppliedOffsetEntity, TenantSettingsEntity];
// The libraries' tables first (event log, offsets, tenant settings): the later ones use them.
export const METRICS_MIGRATIONS = [
  EventLog1763905000000,
  AppliedOffsets1763906000000,
  TenantSettings1763907000000,
  EventStore1763910000000,
  ChildProjections1764900000000,
  EventsByChildAndType1764910000000,
  CaseEventsPerTenant1765000000000,
  PublishedFigures1765200000000,
  AllocationsByChild1765400000000,
  ItemKeys1765500000000,
  ProjectedReads1765510000000,
  AllocationsCovering1765520000000,
  PriorWindow1765530000000,
  EventDayCounts1765540000000,
  RowsPerChild1765550000000,
];

export function metricsDataSourceOptions(settings: PostgresSettings, migrations: DataSourceOptions['migrations'] = METRICS_MIGRATIONS): DataSourceOptions {
  return postgresOptions(settings, { entities: METRICS_ENTITIES, migrations });
}
