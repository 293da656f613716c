import type { AuthSettings } from '@casewatch/auth';
import { createApp, httpOptions } from '@casewatch/service-kit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AlertingModule } from './app.module';
import type { AlertingConfig } from './config';

export function buildAlertingApp(config: AlertingConfig, auth?: AuthSettings): Promise<NestFastifyApplication> {
  return createApp(AlertingModule.forRoot(config, auth), {
    service: 'alerting',
    title: 'Casewatch alerting',
    description: 'Timescale deadlines, breach alerts and subscriptions.',
    ...httpOptions(config),
  });
}
