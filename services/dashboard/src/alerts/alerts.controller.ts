import { Body, Controller, Get, Logger, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CasewatchApi, UpstreamError } from '../api/api-client';
import { Access } from '../auth/access';
import { may, type DashboardUser } from '../auth/user';
import { within } from '../common/ttl-cache';
import { inScope, TenantData } from '../overview/tenant-data';
import { Pages } from '../render/page';
import { alertRows, checkComment, deadlineRows } from './alerts-view';

const ALERT_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const HOLDER_ID = /^[A-Za-z0-9._-]{1,64}$/;
const SHOWN = 200;
const RECENT_DAYS = 7;

/** `/tenants/{tenant}/alerts`: firing and recent alerts, deadlines due soon and overdue; acknowledging. */
@Controller('tenants/:tenant/alerts')
export class AlertsController {
  private readonly log = new Logger('AlertsController');

  constructor(
    private readonly access: Access,
    private readonly api: CasewatchApi,
    private readonly pages: Pages,
    private readonly data: TenantData,
  ) {}

  @Get()
  async list(
    @Param('tenant') tenant: string,
    @Query() q: { acknowledged?: string; teamId?: string; workerId?: string },
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const user = this.access.forTenant(req, tenant);
    const filter = { teamId: q.teamId && HOLDER_ID.test(q.teamId) ? q.teamId : '', workerId: q.workerId && HOLDER_ID.test(q.workerId) ? q.workerId : '' };
    await this.render(tenant, user, reply, { acknowledged: q.acknowledged && ALERT_ID.test(q.acknowledged) ? q.acknowledged : undefined, filter });
  }

  @Post(':alertId/ack')
  async acknowledge(
    @Param('tenant') tenant: string,
    @Param('alertId') alertId: string,
    @Body() body: { comment?: unknown } | undefined,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const user = this.access.forTenant(req, tenant, 'manage');
    if (!ALERT_ID.test(alertId)) return this.render(tenant, user, reply, { error: { alertId, message: 'No such alert' } }, 404);
    const { comment, error } = checkComment(body?.comment);
    if (error || comment === undefined) return this.render(tenant, user, reply, { error: { alertId, message: error ?? '' } }, 400);
    try {
      await this.api.acknowledge(tenant, alertId, comment);
    } catch (err) {
      if (err instanceof UpstreamError && err.status >= 400 && err.status < 500) {
        const message = err.status === 404 ? 'This alert no longer exists' : `The alert could not be acknowledged: ${err.detail ?? err.message}`;
        return this.render(tenant, user, reply, { error: { alertId, message } }, err.status === 404 ? 404 : 400);
      }
      throw err;
    }
    this.log.log(`alert acknowledged through the dashboard (tenant ${tenant})`);
    await reply.redirect(`/tenants/${tenant}/alerts?acknowledged=${encodeURIComponent(alertId)}#alert-${encodeURIComponent(alertId)}`, 303);
  }

  private async render(
    tenant: string,
    user: DashboardUser,
    reply: FastifyReply,
    state: { acknowledged?: string; error?: { alertId: string; message: string }; filter?: { teamId: string; workerId: string } },
    status = 200,
  ): Promise<void> {
    const since = new Date(Date.now() - RECENT_DAYS * 86_400_000).toISOString();
    const filter = state.filter ?? { teamId: '', workerId: '' };
    const holders = { teamId: filter.teamId || undefined, workerId: filter.workerId || undefined };
    // The alerts API has no team filter: with one, more are read and filtered here.
    const alertMax = filter.teamId || filter.workerId ? 5000 : SHOWN;
    const [firingAll, resolvedAll, overdue, dueSoon, choices] = await Promise.all([
      this.api.alerts(tenant, { status: 'firing' }, alertMax),
      this.api.alerts(tenant, { status: 'resolved', since }, alertMax),
      this.api.deadlines(tenant, { state: 'overdue', ...holders }, SHOWN),
      this.api.deadlines(tenant, { state: 'due-soon', ...holders }, SHOWN),
      within(this.data.scopeChoices(tenant), 3000).catch(() => undefined),
    ]);
    const keep = inScope(filter.workerId ? `worker:${filter.workerId}` : filter.teamId ? `team:${filter.teamId}` : 'la');
    const both = (a: { teamId?: string }) => !filter.teamId || a.teamId === filter.teamId;
    const firing = { items: firingAll.items.filter((a) => keep(a) && both(a)).slice(0, SHOWN), more: firingAll.more };
    const resolved = { items: resolvedAll.items.filter((a) => keep(a) && both(a)).slice(0, SHOWN) };
    await this.pages.send(
      reply,
      'alerts.njk',
      {
        user,
        tenant,
        nav: 'alerts',
        title: 'Alerts and deadlines',
        canManage: may(user, tenant, 'manage'),
        csrfToken: reply.generateCsrf(),
        firing: alertRows(firing.items),
        firingMore: firing.more,
        resolved: alertRows(resolved.items),
        overdue: deadlineRows(overdue.items),
        overdueMore: overdue.more,
        dueSoon: deadlineRows(dueSoon.items),
        dueSoonMore: dueSoon.more,
        shown: SHOWN,
        recentDays: RECENT_DAYS,
        filter,
        teams: [{ value: '', text: 'All teams' }, ...(choices?.teams ?? []).map((t) => ({ value: t, text: t }))],
        workers: [{ value: '', text: 'All workers' }, ...(choices?.workers ?? []).map((w) => ({ value: w, text: w }))],
        ...state,
      },
      status,
    );
  }
}
