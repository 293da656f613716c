import { RequireRole } from '@casewatch/auth';
import { Controller, Get, Headers, Inject, Logger, NotFoundException, OnModuleDestroy, Param, Query, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { TenantSettingsStore, type KnownTenant } from '@casewatch/tenant-settings';
import type { MetricValue } from '@casewatch/contracts';
import type { Scope } from '../catalogue/figure-query.model';
import { resolvePeriod, type ResolvedPeriod } from '../catalogue/periods';
import { isTenantId, parsePeriod, parseScope, PERIOD_FORMS, single, type RawQuery } from '../query/query-params';
import { LiveChannel } from './live-channel';
import { isRecounted, PeriodRecount } from './period-recount';
import { StreamConnection, type Frame } from './stream-connection';
import { isEntryId, type LiveEntry } from './stream-entry';
import { selects, type StreamSelection } from './stream-selection';
import { STREAM_SETTINGS, type StreamSettings } from './stream-settings';
import { scopeText, StreamSnapshot } from './stream-snapshot';

@ApiTags('metrics')
@Controller('v1/tenants/:tenant/stream')
export class StreamController implements OnModuleDestroy {
  private readonly logger = new Logger(StreamController.name);
  private readonly open = new Set<StreamConnection>();

  constructor(
    private readonly channel: LiveChannel,
    private readonly tenants: TenantSettingsStore,
    private readonly snapshot: StreamSnapshot,
    @Inject(STREAM_SETTINGS) private readonly settings: StreamSettings,
  ) {}

  @Get()
  @RequireRole('read')
  @ApiOperation({
    summary:
      'Server-Sent Events: on connect every metric and the eight queue sizes, then `metric` (a MetricValue) and `queue` ({queueId, size}) when a value changes',
    description:
      'Every message has an `id:`; reconnecting with `Last-Event-ID` sends what changed since, or the whole snapshot again when that is no longer known. ' +
      'A client that leaves more than the configured bytes unread is disconnected.',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    content: {
      'text/event-stream': { schema: { oneOf: [{ $ref: '#/components/schemas/MetricStreamEvent' }, { $ref: '#/components/schemas/QueueStreamEvent' }] } },
    },
  })
  @ApiQuery({ name: 'period', required: false, description: PERIOD_FORMS })
  @ApiQuery({ name: 'scope', required: false, description: 'la (default), team:{teamId} or worker:{workerId}' })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'the `id:` of the last message received, to resume after it' })
  async stream(
    @Param('tenant') tenant: string,
    @Query() query: RawQuery,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const known = isTenantId(tenant) ? await this.tenants.get(tenant) : undefined;
    if (!known) throw new NotFoundException(`tenant ${tenant} not found`);
    // Checked so that a bad value is a 400 before the stream opens.
    const now = Date.now();
    const asked = single(query, 'period') ?? 'current';
    const period = parsePeriod(asked, now);
    const scope = parseScope(single(query, 'scope'));
    const selection: StreamSelection = { period: asked === 'current' ? 'current' : period.label, scope: scopeText(scope) };

    const connection = new StreamConnection(reply.raw, selection, this.settings, this.logger, tenant);
    const recount = isRecounted(period.kind) ? this.recount(tenant, known, period, scope, connection) : undefined;
    // Followed before the resume point is read, so nothing falls between the two.
    let stop: (() => void) | undefined;
    let resumed: LiveEntry[] | undefined;
    let from: string;
    try {
      stop = await this.channel.follow(tenant, connection);
      if (recount) {
        const stopConnection = stop;
        const stopRecount = await this.channel.follow(tenant, recount);
        stop = () => {
          recount.stop();
          stopRecount();
          stopConnection();
        };
      }
      // What changed in a recounted period is not in the log: such a client gets the snapshot again.
      resumed = isEntryId(lastEventId) && !recount ? await this.channel.since(tenant, lastEventId) : undefined;
      from = resumed && lastEventId ? lastEventId : await this.channel.lastId(tenant);
    } catch (err) {
      stop?.();
      throw new ServiceUnavailableException(`live figures unavailable: ${(err as Error).message}`);
    }
    connection.whenEnded(stop);

    reply.hijack();
    this.open.add(connection);
    connection.whenEnded(() => this.open.delete(connection));
    connection.open();
    try {
      const frames: Frame[] = resumed
        ? resumed.filter((e) => selects(selection, e, Date.now()))
        : (await this.snapshot.messages(tenant, known, period, scope, Date.now())).map((m) => ({ id: from, ...m }));
      await connection.begin(from, frames);
      recount?.seed(frames.filter((f) => f.event === 'metric').map((f) => JSON.parse(f.data) as MetricValue));
    } catch (err) {
      this.logger.warn(`stream snapshot of tenant ${tenant} failed: ${(err as Error).message}`);
      connection.end();
    }
  }

  /** A week or a quarter is never in the log: its figures are counted again when the tenant's change. */
  private recount(tenant: string, known: KnownTenant, period: ResolvedPeriod, scope: Scope, connection: StreamConnection): PeriodRecount {
    const count = async () => {
      const at = Date.now();
      // The running week or quarter moves on to today; settings may have changed (targets).
      return this.snapshot.metrics(tenant, (await this.tenants.get(tenant)) ?? known, resolvePeriod(period.label, at) ?? period, scope, at);
    };
    const send = (id: string, values: MetricValue[]) =>
      connection.recounted(
        id,
        values.map((v) => ({ event: 'metric', data: JSON.stringify(v) })),
      );
    return new PeriodRecount(scopeText(scope), count, send, this.logger);
  }

  /** Open streams would keep the server from closing. */
  onModuleDestroy(): void {
    for (const c of this.open) c.end();
  }
}
