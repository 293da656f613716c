import { RequireRole } from '@casewatch/auth';
import { Controller, Get, NotFoundException, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { TenantSettingsRepository } from '@casewatch/event-store';
import { isTenantId, parsePeriod, parseScope, single, type RawQuery } from '../query/query-params';
import { LiveChannel } from './live-channel';

const HEARTBEAT_MS = 15_000;

@ApiTags('metrics')
@Controller('v1/tenants/:tenant/stream')
export class StreamController {
  constructor(
    private readonly channel: LiveChannel,
    private readonly tenants: TenantSettingsRepository,
  ) {}

  @Get()
  @RequireRole('read')
  @ApiOperation({ summary: 'Server-Sent Events: `metric` (a MetricValue) and `queue` ({queueId, size}) when a value changes' })
  @ApiQuery({ name: 'period', required: false, description: 'current (default), YYYY-MM or fyYYYY' })
  @ApiQuery({ name: 'scope', required: false, description: 'la (default), team:{teamId} or worker:{workerId}' })
  async stream(@Param('tenant') tenant: string, @Query() query: RawQuery, @Res() reply: FastifyReply): Promise<void> {
    if (!isTenantId(tenant) || !(await this.tenants.get(tenant))) throw new NotFoundException(`tenant ${tenant} not found`);
    // Checked so that a bad value is a 400 before the stream opens.
    parsePeriod(single(query, 'period'), Date.now());
    parseScope(single(query, 'scope'));
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    raw.write(': connected\n\n');
    const stop = this.channel.listen(tenant, (m) => raw.write(`event: ${m.event}\ndata: ${JSON.stringify(m.data)}\n\n`));
    const heartbeat = setInterval(() => raw.write(': heartbeat\n\n'), HEARTBEAT_MS);
    raw.on('close', () => {
      clearInterval(heartbeat);
      stop();
    });
  }
}
