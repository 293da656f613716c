import type { MetricList, MetricValue } from '@casewatch/contracts';
import { RequireRole } from '@casewatch/auth';
import { ProblemException } from '@casewatch/service-kit';
import { Controller, Get, HttpStatus, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { METRIC_CATALOGUE, METRICS_BY_ID } from '../catalogue/metric-catalogue';
import { monthlyHistory, resolvePeriod, type ResolvedPeriod } from '../catalogue/periods';
import { TenantSettingsRepository, type KnownTenant } from '@casewatch/event-store';
import { HotFigures, type HotList } from '../live/hot-figures';
import { FiguresService, type Scope } from './figures.service';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

interface FigureParams {
  period?: string;
  scope?: string;
  asAt?: string;
  history?: string;
}

const LIST_CONCURRENCY = 3;

@ApiTags('metrics')
@Controller('v1/tenants/:tenant/metrics')
export class FiguresController {
  constructor(
    private readonly figures: FiguresService,
    private readonly tenants: TenantSettingsRepository,
    private readonly hot: HotFigures,
  ) {}

  @Get()
  @RequireRole('read')
  @ApiOperation({ summary: 'Every metric computed so far, for a period, scope and asAt' })
  @ApiQuery({ name: 'period', required: false, description: 'current (default), YYYY-MM or fyYYYY' })
  @ApiQuery({ name: 'scope', required: false, description: 'la (default), team:{teamId} or worker:{workerId}: who held the case at the relevant date' })
  @ApiQuery({ name: 'asAt', required: false, description: 'RFC 3339: the figures as known then' })
  async list(@Param('tenant') tenant: string, @Query() query: FigureParams): Promise<MetricList> {
    const { known, period, asAt, now, scope } = await this.context(tenant, query);
    const hot = await this.hotList(tenant, known, period, query);
    if (hot) return { asOf: hot.asOf, items: hot.items };
    const items: MetricValue[] = new Array(METRIC_CATALOGUE.length);
    let next = 0;
    // A few at once: PostgreSQL answers one while Node prepares another.
    const worker = async () => {
      for (let i = next++; i < METRIC_CATALOGUE.length; i = next++) items[i] = await this.figures.metricValue(METRIC_CATALOGUE[i], tenant, known, period, asAt, now, scope);
    };
    await Promise.all(Array.from({ length: LIST_CONCURRENCY }, worker));
    const asOf = new Date(asAt).toISOString();
    if (this.isHotQuery(period, query)) await this.hot.put(tenant, { period: period.label, asOf, settingsVersion: known.updatedAt, items });
    return { asOf, items };
  }

  @Get(':metricId/cases')
  @RequireRole('read')
  @ApiOperation({ summary: 'The children behind a figure (pseudonymous ids, with the dates that put them there)' })
  async cases(
    @Param('tenant') tenant: string,
    @Param('metricId') metricId: string,
    @Query() query: FigureParams,
  ): Promise<{ asOf: string; metricId: string; period: string; items: { subject: string; dates: string[] }[] }> {
    const def = METRICS_BY_ID.get(metricId);
    if (!def) throw new NotFoundException(`metric ${metricId} is not in the catalogue`);
    const { known, period, asAt, scope } = await this.context(tenant, query);
    const items = await this.figures.cases(def, tenant, known, period, asAt, 10_000, scope);
    return { asOf: new Date(asAt).toISOString(), metricId, period: period.label, items };
  }

  @Get(':metricId')
  @RequireRole('read')
  @ApiOperation({ summary: 'One metric; `history=12` adds the last 12 monthly values' })
  async one(
    @Param('tenant') tenant: string,
    @Param('metricId') metricId: string,
    @Query() query: FigureParams,
  ): Promise<MetricValue & { history?: MetricValue[] }> {
    const def = METRICS_BY_ID.get(metricId);
    if (!def) throw new NotFoundException(`metric ${metricId} is not in the catalogue`);
    const { known, period, asAt, now, scope } = await this.context(tenant, query);
    const hot = query.history === undefined ? await this.hotList(tenant, known, period, query) : undefined;
    const value = hot?.items.find((v) => v.metricId === metricId) ?? (await this.figures.metricValue(def, tenant, known, period, asAt, now, scope));
    if (query.history === undefined) return value;
    const count = Number(query.history);
    if (!Number.isInteger(count) || count < 1 || count > 36) {
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'history must be a whole number from 1 to 36', [
        { pointer: '/history', message: 'history must be 1–36' },
      ]);
    }
    const history: MetricValue[] = [];
    for (const p of monthlyHistory(period, count, now)) history.push(await this.figures.metricValue(def, tenant, known, p, asAt, now, scope));
    return { ...value, history };
  }

  /** The running month for the whole tenant, as known now: kept hot by the live figures. */
  private isHotQuery(period: ResolvedPeriod, query: FigureParams): boolean {
    return period.running && !period.label.startsWith('fy') && query.asAt === undefined && (query.scope === undefined || query.scope === 'la');
  }

  private hotList(tenant: string, known: KnownTenant, period: ResolvedPeriod, query: FigureParams): Promise<HotList | undefined> {
    return this.isHotQuery(period, query) ? this.hot.get(tenant, period.label, known.updatedAt) : Promise.resolve(undefined);
  }

  private async context(tenant: string, query: FigureParams): Promise<{ known: KnownTenant; period: ResolvedPeriod; asAt: number; now: number; scope: Scope }> {
    const known = await this.tenants.get(tenant);
    if (!known) throw new NotFoundException(`tenant ${tenant} not found`);
    const now = Date.now();
    const period = resolvePeriod(query.period ?? 'current', now);
    if (!period) {
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'invalid period', [
        { pointer: '/period', message: 'period must be current, YYYY-MM or fyYYYY, and not in the future' },
      ]);
    }
    const scopeText = query.scope ?? 'la';
    const m = /^(team|worker):([A-Za-z0-9._-]{1,64})$/.exec(scopeText);
    if (scopeText !== 'la' && !m) {
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'invalid scope', [{ pointer: '/scope', message: 'scope must be la, team:{id} or worker:{id}' }]);
    }
    const scope: Scope = m ? { kind: m[1] as 'team' | 'worker', id: m[2] } : undefined;
    let asAt = now;
    if (query.asAt !== undefined) {
      asAt = Date.parse(query.asAt);
      if (!RFC3339.test(query.asAt) || Number.isNaN(asAt)) {
        throw new ProblemException(HttpStatus.BAD_REQUEST, 'invalid asAt', [{ pointer: '/asAt', message: 'asAt must be an RFC 3339 date-time' }]);
      }
    }
    return { known, period, asAt: Math.min(asAt, now), now, scope };
  }
}
