import type { MetricBreakdown } from '@casewatch/contracts';
import { RequireRole } from '@casewatch/auth';
import { TenantSettingsStore } from '@casewatch/tenant-settings';
import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { breakdownsOf, DIMENSION_IDS, DIMENSIONS, type DimensionId } from '../catalogue/breakdown-dimensions';
import { METRICS_BY_ID } from '../catalogue/metric-catalogue';
import { badParam, FIRST_YEAR, isTenantId, LAST_YEAR, parseInstant, parsePeriod, parseScope, PERIOD_FORMS, single, type RawQuery } from '../query/query-params';
import { BreakdownsService } from './breakdowns.service';

@ApiTags('metrics')
@Controller('v1/tenants/:tenant/metrics')
export class BreakdownsController {
  constructor(
    private readonly breakdowns: BreakdownsService,
    private readonly tenants: TenantSettingsStore,
  ) {}

  @Get(':metricId/breakdown')
  @RequireRole('read')
  @ApiOperation({
    summary:
      'A metric split by a dimension, counted from the very items its figure counts: for a count each key’s count and share, for a percentage each key’s own percentage; ranked, highest first',
  })
  @ApiOkResponse({ schema: { $ref: '#/components/schemas/MetricBreakdown' } })
  @ApiBadRequestResponse({ description: 'a bad parameter, or a dimension the metric cannot be broken down by (the problem names those it can)' })
  @ApiQuery({ name: 'by', required: true, description: `the dimension: one of the metric’s (${DIMENSION_IDS.join(', ')})` })
  @ApiQuery({ name: 'period', required: false, description: `${PERIOD_FORMS} (years ${FIRST_YEAR}–${LAST_YEAR}); not in the future` })
  @ApiQuery({ name: 'scope', required: false, description: 'la (default), team:{teamId} or worker:{workerId}: who held the case at the relevant date' })
  @ApiQuery({ name: 'asAt', required: false, description: 'RFC 3339 date-time on a real date: the figures as known then' })
  async breakdown(@Param('tenant') tenant: string, @Param('metricId') metricId: string, @Query() raw: RawQuery): Promise<MetricBreakdown> {
    if (!isTenantId(tenant) || !(await this.tenants.get(tenant))) throw new NotFoundException(`tenant ${tenant} not found`);
    const def = METRICS_BY_ID.get(metricId);
    if (!def) throw new NotFoundException(`metric ${metricId} is not in the catalogue`);
    const by = single(raw, 'by');
    const has = breakdownsOf(def);
    if (by === undefined || !has.includes(by as DimensionId)) {
      const can = has.length > 0 ? `one of: ${has.join(', ')}` : 'none: this metric has no breakdowns';
      throw badParam('by', `${by === undefined ? 'is required' : `${by} is not a dimension of ${metricId}`}; ${metricId} can be broken down by ${can}`);
    }
    const now = Date.now();
    const period = parsePeriod(single(raw, 'period'), now);
    const scopeText = single(raw, 'scope');
    const scope = parseScope(scopeText);
    const asAtText = single(raw, 'asAt');
    const asAt = Math.min(asAtText === undefined ? now : parseInstant('asAt', asAtText), now);
    const items = await this.breakdowns.items({ def, dimension: DIMENSIONS[by as DimensionId], tenant, period, asAt, scope });
    return {
      metricId,
      period: period.label,
      scope: scope ? `${scope.kind}:${scope.id}` : 'la',
      by,
      asOf: new Date(asAt).toISOString(),
      items,
    };
  }
}
