import { DynamicModule, Module } from '@nestjs/common';
import { CasewatchApi } from './api/api-client';
import { Access } from './auth/access';
import { AuthController } from './auth/auth.controller';
import { OidcSignIn } from './auth/oidc';
import { SessionCookies } from './auth/session';
import type { DashboardConfig } from './config';
import { LiveController } from './live/live.controller';
import { LiveHub } from './live/live-hub';
import { OverviewController } from './overview/overview.controller';
import { TenantData } from './overview/tenant-data';
import { DashboardPlatformModule } from './platform/dashboard-platform.module';
import { Pages } from './render/page';
import { MetricPageController } from './metric-page/metric-page.controller';
import { PackController } from './pack/pack.controller';
import { QueuesController } from './queues/queues.controller';
import { AlertsController } from './alerts/alerts.controller';
import { RegionPageController } from './regions/region-page.controller';

@Module({})
export class DashboardModule {
  static forRoot(config: DashboardConfig): DynamicModule {
    return {
      module: DashboardModule,
      imports: [DashboardPlatformModule.forRoot(config)],
      controllers: [
        AuthController,
        OverviewController,
        MetricPageController,
        QueuesController,
        AlertsController,
        PackController,
        LiveController,
        RegionPageController,
      ],
      providers: [
        Pages,
        TenantData,
        Access,
        OidcSignIn,
        { provide: SessionCookies, useValue: new SessionCookies(config.production || config.SECURE_COOKIES) },
        {
          provide: LiveHub,
          inject: [CasewatchApi],
          useFactory: (api: CasewatchApi) =>
            new LiveHub(async (key, lastEventId, signal) => {
              const { url, headers } = api.streamRequest(key.tenant, key);
              const res = await fetch(url, { headers: lastEventId ? { ...headers, 'last-event-id': lastEventId } : headers, signal });
              if (!res.ok || !res.body) throw new Error(`metrics /stream answered ${res.status}`);
              return res.body;
            }),
        },
      ],
    };
  }
}
