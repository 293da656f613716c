import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CasewatchApi, query } from '../api/api-client';
import { Access } from '../auth/access';
import { areaOf } from '../common/areas';
import { toCsv } from '../common/csv';
import { DEFINITIONS, SHAPE_TEXT } from '../common/definitions';
import { formatValue, polarityText } from '../common/format';
import { historyPeriod, historyStep, londonDateTime, periodLabel, periodOptions, scopeLabel } from '../common/periods';
import { figureParams, type FigureParams } from '../overview/overview.controller';
import { tileView } from '../overview/tile-view';
import { Pages } from '../render/page';
import { BreakdownData } from './breakdown-data';
import { breakdownView } from './breakdown-view';
import { CASES_SHOWN, casesCsv, historyView } from './metric-view';
import { regionLinks } from '../regions/region-links';

const METRIC_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const CSV_MAX = 100_000;

/** `/tenants/{tenant}/metrics/{metricId}`: definition, 12 or 24 months (weeks, quarters), revisions, the children behind it. */
@Controller('tenants/:tenant/metrics')
export class MetricPageController {
  private readonly breakdowns = new BreakdownData();

  constructor(
    private readonly access: Access,
    private readonly api: CasewatchApi,
    private readonly pages: Pages,
  ) {}

  @Get(':metricId')
  async page(
    @Param('tenant') tenant: string,
    @Param('metricId') metricId: string,
    @Query() q: FigureParams & { months?: string; by?: string },
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const user = this.access.forTenant(req, tenant);
    const params = figureParams(q);
    const months = q.months === '24' ? 24 : 12;
    if (!METRIC_ID.test(metricId)) return this.pages.send(reply, 'error.njk', { title: 'Page not found', message: 'Page not found', user }, 404);
    const fq = { period: params.period, scope: params.scope, asAt: params.asAt || undefined };
    const monthly = historyPeriod(params.period, new Date());
    const [metric, months12, cases, breakdown] = await Promise.all([
      this.api.metric(tenant, metricId, monthly === params.period ? { ...fq, history: months } : fq),
      monthly === params.period ? undefined : this.api.metric(tenant, metricId, { ...fq, period: monthly, history: months }),
      this.api.cases(tenant, metricId, fq, CASES_SHOWN),
      this.breakdowns.load(this.api, { tenant, metricId, by: typeof q.by === 'string' ? q.by : undefined, scope: params.scope, asAt: fq.asAt }),
    ]);
    const history = (months12 ?? metric).history ?? [metric];
    const definition = DEFINITIONS[metricId];
    const own = { period: params.period === 'current' ? '' : params.period, scope: params.scope === 'la' ? '' : params.scope, asAt: params.asAt };
    await this.pages.send(reply, 'metric.njk', {
      user,
      tenant,
      nav: 'metric',
      title: metric.title,
      params,
      metric,
      tile: tileView(metric),
      area: areaOf(metricId).title,
      definition: definition?.definition || 'A figure of this council’s own definition.',
      shapeText: definition ? SHAPE_TEXT[definition.shape] : '',
      polarity: polarityText(metric.polarity),
      target: metric.target === null ? 'No target set' : formatValue(metric.target, metric.unit),
      months,
      step: historyStep(params.period),
      ...historyView(metric, history),
      cases: cases.items,
      casesMore: cases.more,
      casesShown: CASES_SHOWN,
      csvHref: `/tenants/${tenant}/metrics/${metricId}/cases.csv${query(own)}`,
      csvName: `casewatch-${tenant}-${metricId}-${metric.period}-${params.scope.replace(':', '-')}.csv`,
      monthsHref: (n: number) => `/tenants/${tenant}/metrics/${metricId}${query({ ...own, months: n === 24 ? '24' : undefined })}`,
      asOf: londonDateTime(metric.asOf),
      periodText: periodLabel(metric.period, true),
      scopeText: scopeLabel(params.scope),
      periodOptions: periodOptions(new Date(), params.period),
      backHref: `/tenants/${tenant}${query(own)}`,
      regionLinks: regionLinks(user, metricId, params.period),
      breakdown: breakdown && breakdownView({ ...breakdown, unit: metric.unit }),
      // The breakdown's GET form keeps the page's own choices.
      breakdownKeep: Object.entries({ ...own, months: months === 24 ? '24' : '' }).filter(([, v]) => v),
    });
  }

  @Get(':metricId/cases.csv')
  async casesCsv(
    @Param('tenant') tenant: string,
    @Param('metricId') metricId: string,
    @Query() q: FigureParams,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    this.access.forTenant(req, tenant);
    const params = figureParams(q);
    const fq = { period: params.period, scope: params.scope, asAt: params.asAt || undefined };
    const [metric, cases] = await Promise.all([this.api.metric(tenant, metricId, fq), this.api.cases(tenant, metricId, fq, CSV_MAX)]);
    const { header, rows } = casesCsv(metric, cases.items);
    await reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="casewatch-${tenant}-${metricId}-${metric.period}.csv"`)
      .header('cache-control', 'no-store')
      .send(toCsv(header, rows));
  }
}
