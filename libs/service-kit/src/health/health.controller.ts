import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
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
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult & { detail?: string }> {
    try {
      return await this.check();
    } catch (err) {
      // Terminus reports a failure as an exception; answer its body as is, naming what is down.
      if (!(err instanceof ServiceUnavailableException)) throw err;
      const body = err.getResponse() as HealthCheckResult;
      void reply.status(503);
      return { ...body, detail: `not ready: ${Object.keys(body.error ?? {}).join(', ')}` };
    }
  }

  private check(): Promise<HealthCheckResult> {
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
