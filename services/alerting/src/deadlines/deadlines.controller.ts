import { RequireRole } from '@casewatch/auth';
import { DEADLINE_STATES, type DeadlineList } from '@casewatch/contracts';
import { TenantSettingsStore } from '@casewatch/tenant-settings';
import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { KEY, keyShape, type ListSpec, pageOf, PageQueries, readPage } from '@casewatch/service-kit';
import { isTenantId, parseId, parseRule, parseStates, type RawQuery } from '../query/query-params';
import { toDeadline } from './deadline-row';
import { DeadlineStore } from './deadline.store';

const PARAMS = ['state', 'rule', 'subject', 'teamId', 'workerId'] as const;

@ApiTags('alerting')
@Controller('v1/tenants/:tenant/deadlines')
export class DeadlinesController {
  constructor(
    private readonly deadlines: DeadlineStore,
    private readonly tenants: TenantSettingsStore,
  ) {}

  @Get()
  @RequireRole('read')
  @ApiOperation({ summary: 'Deadlines; by default the open, due-soon and overdue ones, soonest due first, a page at a time' })
  @ApiOkResponse({ schema: { $ref: '#/components/schemas/DeadlineList' } })
  @ApiQuery({ name: 'state', required: false, description: `one or more (comma-separated) of ${DEADLINE_STATES.join(', ')}; default open,due-soon,overdue` })
  @ApiQuery({ name: 'rule', required: false, description: 'a rule id, e.g. lac-visit' })
  @ApiQuery({ name: 'subject', required: false })
  @ApiQuery({ name: 'teamId', required: false })
  @ApiQuery({ name: 'workerId', required: false })
  @PageQueries()
  async list(@Param('tenant') tenant: string, @Query() raw: RawQuery): Promise<DeadlineList> {
    if (!isTenantId(tenant) || !(await this.tenants.get(tenant))) throw new NotFoundException(`tenant ${tenant} not found`);
    const spec: ListSpec = { route: 'deadlines', tenant, params: PARAMS, isKey: keyShape(KEY.timestamp, KEY.text) };
    const req = readPage(raw, spec);
    const q = req.query;
    const filter = {
      states: parseStates(q.state),
      rule: parseRule(q.rule),
      subject: parseId('subject', q.subject),
      teamId: parseId('teamId', q.teamId),
      workerId: parseId('workerId', q.workerId),
    };
    const rows = await this.deadlines.list(tenant, filter, { limit: req.limit + 1, after: req.after as [string, string] | undefined });
    const page = pageOf(rows, req, spec, (r) => r.key);
    return { items: page.items.map((r) => toDeadline(r.row)), ...(page.nextCursor && { nextCursor: page.nextCursor }) };
  }
}
