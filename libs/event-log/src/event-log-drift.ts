import { pendingSchemaChanges } from '@casewatch/database';
import type { DataSourceOptions } from 'typeorm';
import { CaseEventEntity } from './case-event.entity';

/** SQL TypeORM would need to bring case_events to the entity's shape; empty when it has not drifted. */
export function eventLogDrift(options: DataSourceOptions): Promise<string[]> {
  return pendingSchemaChanges({ ...options, entities: [CaseEventEntity] } as DataSourceOptions);
}
