import { QUEUE_IDS, type QueueList } from '@casewatch/contracts';
import { RequireRole } from '@casewatch/auth';
import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { TenantSettingsRepository } from '@casewatch/event-store';
import { ChildDeadlines } from '../figures/child-deadlines';
import { ProjectedReader } from '../projection/projected-reader';
import { ProjectionQueue } from '../projection/projection-queue';
import { deadlineQueueItems } from './deadline-queues';
import { QueuesService } from './queues.service';

@ApiTags('queues')
@Controller('v1/tenants/:tenant/queues')
export class QueuesController {
  constructor(
    private readonly queues: QueuesService,
    private readonly tenants: TenantSettingsRepository,
    private readonly deadlines: ChildDeadlines,
    private readonly projected: ProjectedReader,
    private readonly projection: ProjectionQueue,
  ) {}

  @Get(':queueId')
  @RequireRole('read')
  @ApiOperation({ summary: 'A live work queue, oldest first' })
  async get(@Param('tenant') tenant: string, @Param('queueId') queueId: string): Promise<QueueList> {
    const known = await this.tenants.get(tenant);
    if (!known) throw new NotFoundException(`tenant ${tenant} not found`);
    if (!(QUEUE_IDS as readonly string[]).includes(queueId)) throw new NotFoundException(`no queue ${queueId}`);
    const now = Date.now();
    if (this.queues.isAnswered(queueId)) {
      return { asOf: new Date(now).toISOString(), items: await this.queues.items(queueId, tenant, known, now) };
    }
    const deadlines = (await this.projection.caughtUp(tenant, now, 5000))
      ? await this.projected.deadlines(tenant, now, now, { holders: true })
      : await this.deadlines.deadlines(tenant, known, now, now);
    return { asOf: new Date(now).toISOString(), items: deadlineQueueItems(queueId, deadlines, now) };
  }
}
