import { AuthModule, type AuthSettings } from '@casewatch/auth';
import { authSettings, PlatformModule, postgresSettings } from '@casewatch/service-kit';
import { DynamicModule, Module } from '@nestjs/common';
import type { AlertingConfig } from './config';
import { alertingDataSourceOptions } from './database/data-source-options';

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
      ],
    };
  }
}
