import { QUEUE_IDS } from '@casewatch/contracts';
import { Controller, Get, NotFoundException, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { query } from '../api/api-client';
import { Access } from '../auth/access';
import { londonDateTime } from '../common/periods';
import { QUEUE_TITLES, TenantData } from '../overview/tenant-data';
import { Pages } from '../render/page';
import { pageOf, queueRows } from './queue-view';

const ID = /^[A-Za-z0-9._-]{1,64}$/;

/** `/tenants/{tenant}/queues/{queueId}`: oldest first, with age, due date, team and worker; filters. */
@Controller('tenants/:tenant/queues')
export class QueuesController {
  constructor(
    private readonly access: Access,
    private readonly data: TenantData,
    private readonly pages: Pages,
  ) {}

  @Get(':queueId')
  async queue(
    @Param('tenant') tenant: string,
    @Param('queueId') queueId: string,
    @Query() q: { teamId?: string; workerId?: string; scope?: string; page?: string },
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const user = this.access.forTenant(req, tenant);
    if (!(QUEUE_IDS as readonly string[]).includes(queueId)) throw new NotFoundException();
    // The overview's scope carries over as a filter.
    const [kind, id] = (q.scope ?? '').split(':');
    const filter = {
      teamId: q.teamId && ID.test(q.teamId) ? q.teamId : kind === 'team' && id ? id : '',
      workerId: q.workerId && ID.test(q.workerId) ? q.workerId : kind === 'worker' && id ? id : '',
    };
    const [items, choices] = await Promise.all([
      this.data.queueItems(tenant, queueId),
      this.data.scopeChoices(tenant).catch(() => ({ teams: [], workers: [] })),
    ]);
    const all = queueRows(items, filter);
    const { rows, page, pages } = pageOf(all, Number(q.page) || 1);
    const href = (p: number) =>
      `/tenants/${tenant}/queues/${queueId}${query({ teamId: filter.teamId, workerId: filter.workerId, page: p > 1 ? String(p) : undefined })}`;
    await this.pages.send(reply, 'queue.njk', {
      user,
      tenant,
      nav: 'queues',
      title: QUEUE_TITLES[queueId as keyof typeof QUEUE_TITLES],
      queueId,
      filter,
      rows,
      total: all.length,
      size: items.length,
      teams: [{ value: '', text: 'All teams' }, ...choices.teams.map((t) => ({ value: t, text: t }))],
      workers: [{ value: '', text: 'All workers' }, ...choices.workers.map((w) => ({ value: w, text: w }))],
      pagination:
        pages > 1
          ? {
              previous: page > 1 ? { href: href(page - 1) } : undefined,
              next: page < pages ? { href: href(page + 1) } : undefined,
              items: Array.from({ length: pages }, (_, i) => ({ number: i + 1, href: href(i + 1), current: i + 1 === page })),
            }
          : undefined,
      asOf: londonDateTime(new Date().toISOString()),
    });
  }
}
