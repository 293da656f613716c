import type { MetricBreakdown } from '@casewatch/contracts';
import { Logger } from '@nestjs/common';
import { UpstreamError, type CasewatchApi, type FigureQuery } from '../api/api-client';
import { londonMonth } from '../common/periods';
import { TtlCache } from '../common/ttl-cache';
import { dimensionsInProblem } from './breakdown-dimensions';
import { financialYears, type BreakdownInput } from './breakdown-view';

// A metric's dimensions change only with a release of the metrics service.
const DIMENSIONS_MS = 600_000;
// Last year's items change only by late events: kept ten minutes, like the overview's past months.
// This year's move with every event: kept for the half minute a page is reloaded in.
const LAST_YEAR_MS = 600_000;
const THIS_YEAR_MS = 30_000;

/** The metric page's breakdown: the metric's dimensions, then both financial years asked at once, each cached. */
export class BreakdownData {
  private readonly log = new Logger('BreakdownData');
  private readonly dimensions = new TtlCache<string[]>(DIMENSIONS_MS, 500);
  private readonly lastYears = new TtlCache<MetricBreakdown>(LAST_YEAR_MS, 2000);
  private readonly thisYears = new TtlCache<MetricBreakdown>(THIS_YEAR_MS, 2000);

  /**
   * Both years' answers (a year that failed is undefined; the page still shows), or undefined for
   * a metric without breakdowns. An unknown `by` falls back to the metric's first dimension.
   */
  async load(
    api: CasewatchApi,
    a: { tenant: string; metricId: string; by: string | undefined; scope: string; asAt: string | undefined },
  ): Promise<Omit<BreakdownInput, 'unit'> | undefined> {
    const dimensions = await this.dimensionsOf(api, a.tenant, a.metricId).catch((err: Error): string[] => {
      this.log.warn(`dimensions of ${a.metricId} unavailable: ${err.message}`);
      return [];
    });
    if (dimensions.length === 0) return undefined;
    const by = a.by && dimensions.includes(a.by) ? a.by : dimensions[0];
    const years = financialYears(londonMonth(a.asAt ? new Date(a.asAt) : new Date()));
    const load = (cache: TtlCache<MetricBreakdown>, period: string) => {
      const q: FigureQuery = { period, scope: a.scope, asAt: a.asAt };
      return cache
        .get(`${a.tenant}|${a.metricId}|${by}|${period}|${a.scope}|${a.asAt ?? ''}`, () => api.breakdown(a.tenant, a.metricId, by, q))
        .catch((err: Error) => {
          this.log.warn(`breakdown of ${a.metricId} by ${by} for ${period} unavailable: ${err.message}`);
          return undefined;
        });
    };
    const [thisYear, lastYear] = await Promise.all([load(this.thisYears, years.thisYear), load(this.lastYears, years.lastYear)]);
    return { by, dimensions, years, thisYear, lastYear };
  }

  /** The dimensions the API's 400 names for a `/breakdown` without `by` (breakdown-dimensions.ts says why). */
  private dimensionsOf(api: CasewatchApi, tenant: string, metricId: string): Promise<string[]> {
    return this.dimensions.get(metricId, async () => {
      try {
        await api.breakdown(tenant, metricId, undefined, {});
      } catch (err) {
        if (err instanceof UpstreamError && err.status === 400) return dimensionsInProblem(err.detail ?? '');
        throw err;
      }
      return [];
    });
  }
}
