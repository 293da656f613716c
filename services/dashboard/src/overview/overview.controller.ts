import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CasewatchApi } from '../api/api-client';
import { Access } from '../auth/access';
import { groupByArea } from '../common/areas';
import { formatValue } from '../common/format';
import { checkAsAt, checkPeriod, checkScope, londonDateTime, periodLabel, periodOptions, scopeLabel } from '../common/periods';
import type { DashboardConfig } from '../config';
import { DASHBOARD_CONFIG } from '../platform/tokens';
import { Pages } from '../render/page';
import { historySparkline, tileView } from './tile-view';
import { TenantData } from './tenant-data';
import { within } from '../common/ttl-cache';

export interface FigureParams {
  period?: string;
  scope?: string;
  asAt?: string;
}

/** The query every figure page takes, checked (a bad value is a 400 page). */
export function figureParams(q: FigureParams): { period: string; scope: string; asAt: string; asAtInput: string } {
  const asAt = checkAsAt(q.asAt);
  return { period: checkPeriod(q.period), scope: checkScope(q.scope), asAt, asAtInput: asAt.slice(0, 10) };
}

/** `/tenants/{tenant}`: every metric as a tile, by area, with the pickers and the queue sizes. */
@Controller('tenants/:tenant')
export class OverviewController {
  constructor(
    @Inject(DASHBOARD_CONFIG) private readonly config: DashboardConfig,
    private readonly access: Access,
    private readonly api: CasewatchApi,
    private readonly data: TenantData,
    private readonly pages: Pages,
  ) {}

  @Get()
  async overview(@Param('tenant') tenant: string, @Query() query: FigureParams, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const user = this.access.forTenant(req, tenant);
    const params = figureParams(query);
    const q = { period: params.period, scope: params.scope, asAt: params.asAt || undefined };
    const budget = this.config.PAGE_BUDGET_MS;
    const started = Date.now();
    const queuesP = this.data.queueSizes(tenant, params.scope, budget);
    const choicesP = within(this.data.scopeChoices(tenant), budget).catch(() => undefined);
    const list = await this.api.metrics(tenant, q);
    const histories = await this.data.histories12(tenant, list.items, q, Math.max(500, budget - (Date.now() - started)));
    const [queues, choices = { teams: [], workers: [] }] = await Promise.all([queuesP, choicesP]);
    const tiles = list.items.map((v) => ({
      ...tileView(v),
      unit: v.unit,
      sparkline: historySparkline(v, histories.get(v.metricId)),
    }));
    const groups = groupByArea(tiles);
    const resolvedPeriod = list.items[0]?.period ?? params.period;
    await this.pages.send(reply, 'overview.njk', {
      user,
      tenant,
      nav: 'overview',
      params,
      groups,
      queues,
      asOf: londonDateTime(list.asOf),
      periodText: params.period === 'current' ? `${periodLabel(resolvedPeriod)} so far` : periodLabel(params.period, true),
      scopeText: scopeLabel(params.scope),
      periodOptions: periodOptions(new Date(), params.period),
      scopeOptions: [
        { value: 'la', text: 'Whole local authority' },
        ...choices.teams.map((t) => ({ value: `team:${t}`, text: `Team ${t}` })),
        ...choices.workers.map((w) => ({ value: `worker:${w}`, text: `Worker ${w}` })),
      ],
      live: !params.asAt,
      counts: countRag(tiles.map((t) => t.rag.key)),
      formatValue,
    });
  }
}

function countRag(keys: string[]): { red: number; amber: number; green: number } {
  return { red: keys.filter((k) => k === 'red').length, amber: keys.filter((k) => k === 'amber').length, green: keys.filter((k) => k === 'green').length };
}
