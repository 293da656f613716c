import { QUEUE_IDS, type QueueList } from '@casewatch/contracts';
import { RequireRole } from '@casewatch/auth';
import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TenantSettingsStore } from '@casewatch/tenant-settings';
import { ChildDeadlines } from '../figures/child-deadlines';
import { ProjectedFactsStore } from '../projection/projected-facts.store';
import { ProjectionQueue } from '../projection/projection-queue';
import { afterKey, KEY, keyShape, type ListSpec, pageOf, PageQueries, readPage } from '@casewatch/service-kit';
import { isTenantId, type RawQuery } from '../query/query-params';
import { deadlineQueueItems } from './deadline-queues';
import { QueuesService } from './queues.service';

@ApiTags('queues')
@Controller('v1/tenants/:tenant/queues')
export class QueuesController {
  constructor(
    private readonly queues: QueuesService,
    private readonly tenants: TenantSettingsStore,
    private readonly deadlines: ChildDeadlines,
    private readonly projected: ProjectedFactsStore,
    private readonly projection: ProjectionQueue,
  ) {}

  @Get(':queueId')
  @RequireRole('read')
  @ApiOperation({ summary: 'A live work queue, oldest first, a page at a time' })
  @ApiOkResponse({ schema: { $ref: '#/components/schemas/QueueList' } })
  @PageQueries()
  async get(@Param('tenant') tenant: string, @Param('queueId') queueId: string, @Query() raw: RawQuery): Promise<QueueList> {
    const known = isTenantId(tenant) ? await this.tenants.get(tenant) : undefined;
    if (!known) throw new NotFoundException(`tenant ${tenant} not found`);
    if (!(QUEUE_IDS as readonly string[]).includes(queueId)) throw new NotFoundException(`no queue ${queueId}`);
    const now = Date.now();
    const asOf = new Date(now).toISOString();
    if (this.queues.isAnswered(queueId)) {
      const spec: ListSpec = { route: `queue:${queueId}`, tenant, params: [], isKey: keyShape(KEY.timestamp, KEY.text, KEY.text) };
      const req = readPage(raw, spec);
      const rows = await this.queues.page({ queueId, tenant, known, now }, { limit: req.limit + 1, after: req.after as [string, string, string] | undefined });
      const page = pageOf(rows, req, spec, (r) => r.key);
      return { asOf, items: page.items.map((r) => r.item), ...(page.nextCursor && { nextCursor: page.nextCursor }) };
    }
    const spec: ListSpec = { route: `queue:${queueId}`, tenant, params: [], isKey: keyShape(KEY.number, KEY.text, KEY.text, KEY.number) };
    const req = readPage(raw, spec);
    const deadlines = (await this.projection.caughtUp(tenant, now, 5000))
      ? await this.projected.deadlines({ tenant, now, asAt: now, holders: true })
      : await this.deadlines.deadlines(tenant, known, now, now);
    const page = pageOf(
      afterKey(deadlineQueueItems(queueId, deadlines, now), req, (r) => r.key),
      req,
      spec,
      (r) => r.key,
    );
    return { asOf, items: page.items.map((r) => r.item), ...(page.nextCursor && { nextCursor: page.nextCursor }) };
  }
}
