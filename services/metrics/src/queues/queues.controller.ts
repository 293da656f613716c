import { QUEUE_IDS, type QueueList } from '@casewatch/contracts';
import { RequireRole } from '@casewatch/auth';
import { ProblemException } from '@casewatch/service-kit';
import { Controller, Get, HttpStatus, NotFoundException, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { TenantSettingsRepository } from '@casewatch/event-store';
import { QueuesService } from './queues.service';

@ApiTags('queues')
@Controller('v1/tenants/:tenant/queues')
export class QueuesController {
  constructor(
    private readonly queues: QueuesService,
    private readonly tenants: TenantSettingsRepository,
  ) {}

  @Get(':queueId')
  @RequireRole('read')
  @ApiOperation({ summary: 'A live work queue, oldest first' })
  async get(@Param('tenant') tenant: string, @Param('queueId') queueId: string): Promise<QueueList> {
    const known = await this.tenants.get(tenant);
    if (!known) throw new NotFoundException(`tenant ${tenant} not found`);
    if (!(QUEUE_IDS as readonly string[]).includes(queueId)) throw new NotFoundException(`no queue ${queueId}`);
    if (!this.queues.isAnswered(queueId)) {
      throw new ProblemException(HttpStatus.NOT_IMPLEMENTED, `${queueId} needs the deadline engine, which is still to come`);
    }
    const now = Date.now();
    return { asOf: new Date(now).toISOString(), items: await this.queues.items(queueId, tenant, known, now) };
  }
}
