import { QUEUE_IDS, type MetricValue, type QueueItem } from '@casewatch/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { CasewatchApi, type FigureQuery } from '../api/api-client';
import { historyPeriod } from '../common/periods';
import { mapLimit, TtlCache, within } from '../common/ttl-cache';

export const QUEUE_TITLES: Record<(typeof QUEUE_IDS)[number], string> = {
  'contacts-awaiting-decision': 'Contacts awaiting a decision',
  'referrals-awaiting-allocation': 'Referrals awaiting allocation',
  'assessments-open': 'Assessments open',
  'assessments-overdue': 'Assessments overdue',
  'visits-overdue': 'Visits overdue',
  'visits-due-7d': 'Visits due in 7 days',
  'lac-reviews-due-7d': 'LAC reviews due in 7 days',
  'return-interviews-due': 'Return interviews due',
};

export interface ScopeChoices {
  teams: string[];
  workers: string[];
}

const HISTORY_CONCURRENCY = 6;
const QUEUE_MAX = 100_000;

/**
 * What several pages read about a tenant, with short-lived caches where figures of closed months
 * are asked again and again (sparkline histories, the list of teams and workers).
 */
@Injectable()
export class TenantData {
  private readonly log = new Logger('TenantData');
  // Past months change only by late events: their figures are kept ten minutes (the tile's own
  // figure, always fresh, is the sparkline's last point).
  private readonly histories = new TtlCache<MetricValue[]>(600_000);
  private readonly scopes = new TtlCache<ScopeChoices>(300_000, 200);
  private readonly queueLists = new TtlCache<QueueItem[]>(15_000, 200);

  constructor(private readonly api: CasewatchApi) {}

  /**
   * The last 12 months of each metric, oldest first. The months before the current one change
   * only by late events, so they are kept for a minute; the last point is the figure shown.
   */
  async histories12(tenant: string, items: readonly MetricValue[], q: FigureQuery, budgetMs: number): Promise<Map<string, MetricValue[] | undefined>> {
    const all = mapLimit(items, HISTORY_CONCURRENCY, async (item) => {
      const key = `${tenant}|${item.metricId}|${q.period}|${q.scope}|${q.asAt ?? ''}`;
      try {
        const period = historyPeriod(q.period ?? 'current', new Date());
        const history = await this.histories.get(key, async () => (await this.api.metric(tenant, item.metricId, { ...q, period, history: 12 })).history ?? []);
        // A year is charted by its months: the running month's figure is not the year's.
        return period === (q.period ?? 'current') ? [...history.slice(0, -1), item] : history;
      } catch (err) {
        this.log.warn(`history of ${item.metricId} for ${tenant} unavailable: ${(err as Error).message}`);
        return [item];
      }
    });
    const lists = await within(all, budgetMs);
    return new Map(items.map((item, i) => [item.metricId, lists?.[i]]));
  }

  queueItems(tenant: string, queueId: string): Promise<QueueItem[]> {
    return this.queueLists.get(`${tenant}|${queueId}`, async () => (await this.api.queue(tenant, queueId, QUEUE_MAX)).items);
  }

  /** Each queue's size for the scope (team or worker items only when scoped); undefined if not counted within the budget. */
  async queueSizes(tenant: string, scope: string, budgetMs: number): Promise<{ queueId: string; title: string; size?: number }[]> {
    return Promise.all(
      QUEUE_IDS.map(async (queueId) => {
        const items = await within(this.queueItems(tenant, queueId), budgetMs).catch(() => undefined);
        return { queueId, title: QUEUE_TITLES[queueId], size: items?.filter(inScope(scope)).length };
      }),
    );
  }

  /** The teams and workers that hold work now (queues and open deadlines), for the scope picker. */
  scopeChoices(tenant: string): Promise<ScopeChoices> {
    return this.scopes.get(tenant, async () => {
      const teams = new Set<string>();
      const workers = new Set<string>();
      const add = (x: { teamId?: string; workerId?: string }) => {
        if (x.teamId) teams.add(x.teamId);
        if (x.workerId) workers.add(x.workerId);
      };
      for (const queueId of QUEUE_IDS) (await this.queueItems(tenant, queueId)).forEach(add);
      (await this.api.deadlines(tenant, {}, 5000)).items.forEach(add);
      const byName = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });
      return { teams: [...teams].sort(byName), workers: [...workers].sort(byName) };
    });
  }
}

export function inScope(scope: string): (x: { teamId?: string; workerId?: string }) => boolean {
  if (scope === 'la') return () => true;
  const [kind, id] = scope.split(':');
  return kind === 'team' ? (x) => x.teamId === id : (x) => x.workerId === id;
}
