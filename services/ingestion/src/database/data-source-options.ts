import { postgresOptions, type PostgresSettings } from '@casewatch/database';
import type { DataSourceOptions } from 'typeorm';
import { EventReceiptEntity } from '../events/event-receipt.entity';
import { TenantEntity } from '../tenants/tenant.entity';
import { Init1763900000000 } from './migrations/1763900000000-init';
import { ReceiptsPerTenant1765000000000 } from './migrations/1765000000000-receipts-per-tenant';
import { Imports1765100000000 } from './migrations/1765100000000-imports';
import { ReceiptContent1765210000000 } from './migrations/1765210000000-receipt-content';

export const INGESTION_ENTITIES = [EventReceiptEntity, TenantEntity];
export const INGESTION_MIGRATIONS = [Init1763900000000, ReceiptsPerTenant1765000000000, Imports1765100000000, ReceiptContent1765210000000];

export function ingestionDataSourceOptions(settings: PostgresSettings): DataSourceOptions {
  return postgresOptions(settings, { entities: INGESTION_ENTITIES, migrations: INGESTION_MIGRATIONS });
}
