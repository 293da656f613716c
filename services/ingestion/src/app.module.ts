import { AuthModule, type AuthSettings } from '@casewatch/auth';
import { authSettings, PlatformModule, postgresSettings } from '@casewatch/service-kit';
import { DynamicModule, Module } from '@nestjs/common';
import type { IngestionConfig } from './config';
import { ingestionDataSourceOptions } from './database/data-source-options';
import { EventIntakeService } from './events/event-intake.service';
import { EventsController } from './events/events.controller';
import { ImportRunner } from './imports/import-runner';
import { ImportStore } from './imports/import.store';
import { ImportsController } from './imports/imports.controller';
import { ImportsService } from './imports/imports.service';
import { IngestionMetrics } from './events/ingestion-metrics';
import { ReceiptStore } from './events/receipts.store';
import { INGESTION_CONFIG } from './platform/tokens';
import { ComparatorsController } from './tenants/comparators/comparators.controller';
import { TenantDirectory } from './tenants/tenant-directory';
import { TenantStore } from './tenants/tenant.store';
import { TenantSeeding } from './tenants/tenant-seeding';
import { TenantsController } from './tenants/tenants.controller';
import { TenantsService } from './tenants/tenants.service';

@Module({})
export class IngestionModule {
  /** `auth` may be given by tests (a local JWKS); otherwise it comes from the environment. */
  static forRoot(config: IngestionConfig, auth: AuthSettings = authSettings(config)): DynamicModule {
    return {
      module: IngestionModule,
      imports: [
        PlatformModule.forRoot({
          service: 'ingestion',
          env: config,
          dataSource: ingestionDataSourceOptions(postgresSettings(config, config.INGESTION_DB)),
        }),
        AuthModule.forRoot(auth),
      ],
      controllers: [EventsController, TenantsController, ComparatorsController, ImportsController],
      providers: [
        { provide: INGESTION_CONFIG, useValue: config },
        EventIntakeService,
        ReceiptStore,
        IngestionMetrics,
        TenantStore,
        TenantDirectory,
        TenantsService,
        TenantSeeding,
        ImportStore,
        ImportRunner,
        ImportsService,
      ],
    };
  }
}
