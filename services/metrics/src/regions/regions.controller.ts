import { REGION_ID_PATTERN, type RegionMetric } from '@casewatch/contracts';
import { RequireRole } from '@casewatch/auth';
import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { METRICS_BY_ID } from '../catalogue/metric-catalogue';
import { badParam, FIRST_YEAR, LAST_YEAR, parsePeriod, single, type RawQuery } from '../query/query-params';
import { RegionsService } from './regions.service';

const REGION = new RegExp(REGION_ID_PATTERN);

@ApiTags('regions')
@Controller('v1/regions/:region/metrics')
export class RegionsController {
  constructor(private readonly regions: RegionsService) {}

  @Get(':metricId')
  @RequireRole('read')
  @ApiOperation({
    summary:
      'One metric over the tenants that share their figures with the region (shareWithRegion), ranked best first, with mean, median and quartile bands; a token needs region:{region} (or *) among its tenants',
  })
  @ApiOkResponse({ schema: { $ref: '#/components/schemas/RegionMetric' } })
  @ApiForbiddenResponse({ description: 'the token lists neither region:{region} nor *, or lacks the read role' })
  @ApiQuery({ name: 'period', required: false, description: `current (default), YYYY-MM or fyYYYY (years ${FIRST_YEAR}–${LAST_YEAR}); not in the future` })
  async metric(@Param('region') region: string, @Param('metricId') metricId: string, @Query() raw: RawQuery): Promise<RegionMetric> {
    if (!REGION.test(region)) throw badParam('region', 'must be 2–40 lowercase letters, digits or -');
    const def = METRICS_BY_ID.get(metricId);
    if (!def) throw new NotFoundException(`metric ${metricId} is not in the catalogue`);
    const now = Date.now();
    const period = parsePeriod(single(raw, 'period'), now);
    // A region no tenant shares with answers as an empty one: it is not told apart from one that does not exist.
    return this.regions.metric({ region, def, period, now });
  }
}
