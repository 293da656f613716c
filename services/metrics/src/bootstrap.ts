import type { AuthSettings } from '@casewatch/auth';
import { createApp, httpOptions } from '@casewatch/service-kit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MetricsModule } from './app.module';
import type { MetricsConfig } from './config';

export function buildMetricsApp(config: MetricsConfig, auth?: AuthSettings): Promise<NestFastifyApplication> {
  return createApp(MetricsModule.forRoot(config, auth), {
    service: 'metrics',
    title: 'Casewatch metrics',
    description: 'Live performance figures, queues and revisions.',
    ...httpOptions(config),
  });
}
