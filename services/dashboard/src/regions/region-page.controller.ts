import { Controller, Get, NotFoundException, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CasewatchApi, query, UpstreamError } from '../api/api-client';
import { Access } from '../auth/access';
import { may, mayReadRegion } from '../auth/user';
import { AREAS, areaOf } from '../common/areas';
import { toCsv } from '../common/csv';
import { DEFINITIONS } from '../common/definitions';
import { polarityText } from '../common/format';
import { BadQuery, checkPeriod, londonDateTime, periodLabel, periodOptions } from '../common/periods';
import { Pages } from '../render/page';
import { REGION_CSV_HEADER, regionCsvRows } from './region-csv';
import { regionView } from './region-view';

const REGION = /^[a-z0-9-]{2,40}$/;
const METRIC_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;
// Where `/regions/{region}` opens: a headline indicator with quartile bands.
const FIRST_METRIC = 'assessments.within-45wd';

/** `/regions/{region}/metrics/{metricId}`: the councils that share with a region, ranked, with quartile bands; as CSV with `?format=csv`. */
@Controller('regions')
export class RegionPageController {
  constructor(
    private readonly access: Access,
    private readonly api: CasewatchApi,
    private readonly pages: Pages,
  ) {}

  /** The metric page's form that names a region: on to that region's page for the metric. */
  @Get()
  async named(@Query() q: { region?: string; metric?: string; period?: string }, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const region = (q.region ?? '').trim().toLowerCase();
    if (!REGION.test(region)) throw new BadQuery('a region is 2–40 lowercase letters, digits or -, as in the councils’ settings');
    this.check(req, region);
    const metric = q.metric && METRIC_ID.test(q.metric) ? q.metric : FIRST_METRIC;
    const period = checkPeriod(q.period);
    await reply.redirect(`/regions/${region}/metrics/${metric}${query({ period: period === 'current' ? undefined : period })}`, 302);
  }

  @Get(':region')
  async first(@Param('region') region: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    this.check(req, region);
    await reply.redirect(`/regions/${region}/metrics/${FIRST_METRIC}`, 302);
  }

  @Get(':region/metrics/:metricId')
  async page(
    @Param('region') region: string,
    @Param('metricId') metricId: string,
    @Query() q: { period?: string; metric?: string; format?: string },
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const user = this.check(req, region);
    // The picker's GET form names the metric in the query: go to its own address.
    if (q.metric && q.metric !== metricId && METRIC_ID.test(q.metric)) {
      return void (await reply.redirect(`/regions/${region}/metrics/${q.metric}${query({ period: q.period === 'current' ? undefined : q.period })}`, 302));
    }
    if (!METRIC_ID.test(metricId)) throw new NotFoundException('No such metric');
    const period = checkPeriod(q.period);
    let answer;
    try {
      answer = await this.api.regionMetric(region, metricId, { period: period === 'current' ? undefined : period });
    } catch (err) {
      if (!(err instanceof UpstreamError && err.status === 403)) throw err;
      const message = `This dashboard’s API token may not read region ${region}: its tenants need region:${region}.`;
      return this.pages.send(reply, 'error.njk', { title: 'You cannot do this', message, status: 403, user }, 403);
    }
    const own = period === 'current' ? {} : { period };
    const csvName = `casewatch-region-${region}-${metricId}-${answer.period}.csv`;
    if (q.format === 'csv') {
      await reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${csvName}"`)
        .header('cache-control', 'no-store')
        .send(toCsv(REGION_CSV_HEADER, regionCsvRows(answer, londonDateTime(answer.asOf))));
      return;
    }
    const view = regionView(answer, (tenant) => (may(user, tenant, 'read') ? `/tenants/${tenant}/metrics/${metricId}${query(own)}` : undefined));
    const periods = periodOptions(new Date());
    if (!periods.some((o) => o.value === period)) periods.unshift({ value: period, text: periodLabel(period, true) });
    await this.pages.send(reply, 'region.njk', {
      user,
      title: answer.title,
      region,
      answer,
      view,
      polarity: polarityText(answer.polarity),
      periodText: periodLabel(answer.period, true),
      asOf: londonDateTime(answer.asOf),
      params: { period, metric: metricId },
      periodOptions: periods,
      metricOptions: metricOptions(metricId, answer.title),
      csvHref: `/regions/${region}/metrics/${metricId}${query({ ...own, format: 'csv' })}`,
      csvName,
    });
  }

  /** The user may read the region (`region:{region}` or `*`); otherwise, as for a tenant, the page does not exist. */
  private check(req: FastifyRequest, region: string) {
    const user = this.access.user(req);
    if (!REGION.test(region) || !mayReadRegion(user, region)) throw new NotFoundException('No such page');
    return user;
  }
}

/** Every catalogue metric by area; the page's own one by its title (the API gives titles only with figures). */
function metricOptions(current: string, title: string): { value: string; text: string }[] {
  const ids = Object.keys(DEFINITIONS);
  if (!ids.includes(current)) ids.push(current);
  const order = (id: string) => AREAS.findIndex((a) => a.id === areaOf(id).id);
  return ids
    .map((id, i) => ({ id, i }))
    .sort((a, b) => (order(a.id) === -1 ? 99 : order(a.id)) - (order(b.id) === -1 ? 99 : order(b.id)) || a.i - b.i)
    .map(({ id }) => ({ value: id, text: `${areaOf(id).title}: ${id === current ? title : id}` }));
}
