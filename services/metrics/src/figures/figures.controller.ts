import type { MetricList, MetricValue } from '@casewatch/contracts';
import { RequireRole } from '@casewatch/auth';
import { applyDecorators, Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { METRIC_CATALOGUE, METRICS_BY_ID } from '../catalogue/metric-catalogue';
import { periodHistory, type ResolvedPeriod } from '../catalogue/periods';
import { TenantSettingsStore, type KnownTenant } from '@casewatch/tenant-settings';
import { KEY, keyShape, type ListSpec, pageOf, PageQueries, readPage } from '@casewatch/service-kit';
import {
  FIRST_YEAR,
  isTenantId,
  LAST_YEAR,
  parseHistory,
  parseInstant,
  parsePeriod,
  parseScope,
  PERIOD_FORMS,
  single,
  type RawQuery,
} from '../query/query-params';
import type { Scope } from '../catalogue/figure-query.model';
import { FiguresService } from './figures.service';
import { HotFigures, type HotList } from './hot-figures';

interface FigureParams {
  period?: string;
  scope?: string;
  asAt?: string;
}

const FIGURE_PARAMS = ['period', 'scope', 'asAt'] as const;

interface CasesPage {
  asOf: string;
  metricId: string;
  period: string;
  items: { subject: string; dates: string[] }[];
  nextCursor?: string;
}

const LIST_CONCURRENCY = 3;

@ApiTags('metrics')
@Controller('v1/tenants/:tenant/metrics')
export class FiguresController {
  constructor(
    private readonly figures: FiguresService,
    private readonly tenants: TenantSettingsStore,
    private readonly hot: HotFigures,
  ) {}

  @Get()
  @RequireRole('read')
  @ApiOperation({ summary: 'Every metric computed so far, for a period, scope and asAt' })
  @ApiOkResponse({ schema: { $ref: '#/components/schemas/MetricList' } })
  @FigureQueries()
  async list(@Param('tenant') tenant: string, @Query() raw: RawQuery): Promise<MetricList> {
    const known = await this.tenant(tenant);
    const query = this.figureQuery(raw);
    const { period, asAt, now, scope } = this.params(query);
    const hot = await this.hotList(tenant, known, period, query);
    if (hot) return { asOf: hot.asOf, items: hot.items };
    const items: MetricValue[] = new Array(METRIC_CATALOGUE.length);
    let next = 0;
    // A few at once: PostgreSQL answers one while Node prepares another.
    const worker = async () => {
      for (let i = next++; i < METRIC_CATALOGUE.length; i = next++)
        items[i] = await this.figures.metricValue({ def: METRIC_CATALOGUE[i], tenant, known, period, asAt, now, scope });
    };
    await Promise.all(Array.from({ length: LIST_CONCURRENCY }, worker));
    const asOf = new Date(asAt).toISOString();
    if (this.isHotQuery(period, query)) await this.hot.put(tenant, { period: period.label, asOf, settingsVersion: known.updatedAt, items });
    return { asOf, items };
  }

  @Get(':metricId/cases')
  @RequireRole('read')
  @ApiOperation({ summary: 'The children behind a figure (pseudonymous ids, with the dates that put them there), by first date then child, a page at a time' })
  @ApiOkResponse({ schema: { $ref: '#/components/schemas/MetricCases' } })
  @FigureQueries()
  @PageQueries()
  async cases(@Param('tenant') tenant: string, @Param('metricId') metricId: string, @Query() raw: RawQuery): Promise<CasesPage> {
    const known = await this.tenant(tenant);
    const def = METRICS_BY_ID.get(metricId);
    if (!def) throw new NotFoundException(`metric ${metricId} is not in the catalogue`);
    const spec: ListSpec = { route: `metric-cases:${metricId}`, tenant, params: FIGURE_PARAMS, isKey: keyShape(KEY.text, KEY.text) };
    const req = readPage(raw, spec);
    // Later pages count as the first did (its period and moment of knowledge): the same children, once each.
    const { period, asAt, scope } = this.params({ ...req.query, period: req.pins.period ?? req.query.period, asAt: req.pins.asAt ?? req.query.asAt });
    const rows = await this.figures.cases(
      { def, tenant, known, period, asAt, scope },
      { limit: req.limit + 1, after: req.after as [string, string] | undefined },
    );
    const asOf = new Date(asAt).toISOString();
    const page = pageOf(rows, req, spec, (r) => [r.first, r.subject], { period: period.label, asAt: asOf });
    const items = page.items.map((r) => ({ subject: r.subject, dates: r.dates }));
    return { asOf, metricId, period: period.label, items, ...(page.nextCursor && { nextCursor: page.nextCursor }) };
  }

  @Get(':metricId')
  @RequireRole('read')
  @ApiOperation({ summary: 'One metric; `history=12` adds the last 12 values of its period kind (weeks, months, quarters, financial years)' })
  @ApiOkResponse({ schema: { $ref: '#/components/schemas/MetricWithHistory' } })
  @FigureQueries()
  @ApiQuery({
    name: 'history',
    required: false,
    description:
      '1–36: the value also carries the last N periods of the same kind, oldest first, ending with the requested one (weeks, months, quarters or financial years)',
  })
  async one(@Param('tenant') tenant: string, @Param('metricId') metricId: string, @Query() raw: RawQuery): Promise<MetricValue & { history?: MetricValue[] }> {
    const known = await this.tenant(tenant);
    const def = METRICS_BY_ID.get(metricId);
    if (!def) throw new NotFoundException(`metric ${metricId} is not in the catalogue`);
    const query = this.figureQuery(raw);
    const { period, asAt, now, scope } = this.params(query);
    const count = parseHistory(single(raw, 'history'));
    const hot = count === undefined ? await this.hotList(tenant, known, period, query) : undefined;
    const value = hot?.items.find((v) => v.metricId === metricId) ?? (await this.figures.metricValue({ def, tenant, known, period, asAt, now, scope }));
    if (count === undefined) return value;
    const history: MetricValue[] = [];
    for (const p of periodHistory(period, count, now)) history.push(await this.figures.metricValue({ def, tenant, known, period: p, asAt, now, scope }));
    return { ...value, history };
  }

  /** The running month for the whole tenant, as known now: kept hot by the live figures. */
  private isHotQuery(period: ResolvedPeriod, query: FigureParams): boolean {
    return period.running && period.kind === 'month' && query.asAt === undefined && (query.scope === undefined || query.scope === 'la');
  }

  private hotList(tenant: string, known: KnownTenant, period: ResolvedPeriod, query: FigureParams): Promise<HotList | undefined> {
    return this.isHotQuery(period, query) ? this.hot.get(tenant, period.label, known.updatedAt) : Promise.resolve(undefined);
  }

  private async tenant(tenant: string): Promise<KnownTenant> {
    const known = isTenantId(tenant) ? await this.tenants.get(tenant) : undefined;
    if (!known) throw new NotFoundException(`tenant ${tenant} not found`);
    return known;
  }

  private figureQuery(raw: RawQuery): FigureParams {
    return { period: single(raw, 'period'), scope: single(raw, 'scope'), asAt: single(raw, 'asAt') };
  }

  private params(query: FigureParams): { period: ResolvedPeriod; asAt: number; now: number; scope: Scope } {
    const now = Date.now();
    const period = parsePeriod(query.period, now);
    const scope = parseScope(query.scope);
    const asAt = query.asAt === undefined ? now : parseInstant('asAt', query.asAt);
    return { period, asAt: Math.min(asAt, now), now, scope };
  }
}

/** The query every figure route takes. */
function FigureQueries(): MethodDecorator {
  return applyDecorators(
    ApiQuery({ name: 'period', required: false, description: `${PERIOD_FORMS} (years ${FIRST_YEAR}–${LAST_YEAR}); not in the future` }),
    ApiQuery({ name: 'scope', required: false, description: 'la (default), team:{teamId} or worker:{workerId}: who held the case at the relevant date' }),
    ApiQuery({ name: 'asAt', required: false, description: 'RFC 3339 date-time on a real date: the figures as known then' }),
  );
}
