import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CasewatchApi, query } from '../api/api-client';
import { Access } from '../auth/access';
import { toCsv } from '../common/csv';
import { groupByArea } from '../common/areas';
import { checkPeriod, checkScope, londonDateTime, packName, periodKindWord, periodLabel, previousPeriod } from '../common/periods';
import { Pages } from '../render/page';
import { comparatorNames } from '../common/comparators';
import { packCsvHeader, packCsvRows, packRows } from './pack-view';

/** `/tenants/{tenant}/pack/{period}`: the monthly (quarterly, weekly, annual) pack, on screen, on A4 and as CSV (`?format=csv`). */
@Controller('tenants/:tenant/pack')
export class PackController {
  constructor(
    private readonly access: Access,
    private readonly api: CasewatchApi,
    private readonly pages: Pages,
  ) {}

  @Get(':period')
  async pack(
    @Param('tenant') tenant: string,
    @Param('period') periodParam: string,
    @Query() q: { scope?: string; format?: string },
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const user = this.access.forTenant(req, tenant);
    const period = checkPeriod(periodParam, false);
    const scope = checkScope(q.scope);
    const [current, prevMonth, prevYear] = await Promise.all([
      this.api.metrics(tenant, { period, scope }),
      this.api.metrics(tenant, { period: previousPeriod(period, 1), scope }),
      this.api.metrics(tenant, { period: previousPeriod(period, 12), scope }),
    ]);
    // One column per comparator name any figure has (England, statistical neighbours, the region).
    const comparators = comparatorNames(current.items);
    const name = `casewatch-${tenant}-pack-${period}${scope === 'la' ? '' : `-${scope.replace(':', '-')}`}.csv`;
    if (q.format === 'csv') {
      await reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'no-store')
        .send(toCsv(packCsvHeader(comparators), packCsvRows(current.items, prevMonth.items, prevYear.items, comparators)));
      return;
    }
    const rows = packRows(current.items, prevMonth.items, prevYear.items);
    await this.pages.send(reply, 'pack.njk', {
      user,
      tenant,
      nav: 'pack',
      title: `${packName(period)} ${periodLabel(period, true)}`,
      packName: packName(period),
      periodWord: periodKindWord(period),
      period,
      packPeriod: period,
      periodText: periodLabel(period, true),
      previousText: periodLabel(previousPeriod(period, 1)),
      previousYearText: periodLabel(previousPeriod(period, 12)),
      previousLink: `/tenants/${tenant}/pack/${previousPeriod(period, 1)}${query({ scope: scope === 'la' ? '' : scope })}`,
      groups: groupByArea(rows),
      comparators,
      asOf: londonDateTime(current.asOf),
      scope,
      csvHref: `/tenants/${tenant}/pack/${period}${query({ scope: scope === 'la' ? '' : scope, format: 'csv' })}`,
      csvName: name,
    });
  }
}
