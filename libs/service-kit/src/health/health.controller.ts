import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { withTimeout } from '../with-timeout';
import { ReadinessRegistry } from './readiness-registry';

export const READINESS_TIMEOUT_MS = 2000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly readiness: ReadinessRegistry,
  ) {}

  /** The process is up; depends on nothing. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** 200 only when every dependency answers in time; 503 names the failing one. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check(
      this.readiness.checks.map((c) => async () => {
        const session = this.indicators.check(c.name);
        try {
          const details = await withTimeout(c.check(), READINESS_TIMEOUT_MS, c.name);
          return session.up(details ?? {});
        } catch (err) {
          return session.down({ message: (err as Error).message });
        }
      }),
    );
  }
}
