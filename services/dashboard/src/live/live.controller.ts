import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access } from '../auth/access';
import { checkPeriod, checkScope } from '../common/periods';
import { LiveHub } from './live-hub';

const HEARTBEAT_MS = 15_000;
/** A browser that has this much unsent is dropped (it reconnects and gets the snapshot again). */
const MAX_BUFFERED_BYTES = 1024 * 1024;

/** `/tenants/{tenant}/live`: the browser's own event stream, relayed from the shared upstream. */
@Controller('tenants/:tenant/live')
export class LiveController {
  constructor(
    private readonly access: Access,
    private readonly hub: LiveHub,
  ) {}

  @Get()
  stream(
    @Param('tenant') tenant: string,
    @Query('period') period: string | undefined,
    @Query('scope') scope: string | undefined,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): void {
    this.access.forTenant(req, tenant);
    const key = { tenant, period: checkPeriod(period), scope: checkScope(scope) };
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    raw.write('retry: 2000\n\n');
    let open = true;
    const client = {
      write: (frame: string) => {
        if (!open) return false;
        raw.write(frame);
        return raw.writableLength < MAX_BUFFERED_BYTES;
      },
      close: () => {
        if (open) raw.end();
        open = false;
      },
    };
    const unsubscribe = this.hub.subscribe(key, client);
    const heartbeat = setInterval(() => open && raw.write(': heartbeat\n\n'), HEARTBEAT_MS);
    raw.on('close', () => {
      open = false;
      clearInterval(heartbeat);
      unsubscribe();
    });
  }
}
