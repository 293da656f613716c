import { addDays, endOfLondonDay, financialYearBounds, londonDateOf, monthBounds, startOfLondonDay } from '@casewatch/timescales';
import type { Client } from 'pg';

export interface TopicPeriod {
  label: string;
  first: string;
  last: string;
  running: boolean;
}

/**
 * The periods csc.metrics.v1 carries (api.md; the service's topic-periods.ts, which a bench may not
 * import): the running month and the `months - 1` before it, and every financial year they touch.
 */
export function topicPeriods(now: number, months: number): TopicPeriod[] {
  const today = londonDateOf(now);
  const fyOf = (date: string) => (Number(date.slice(5, 7)) >= 4 ? Number(date.slice(0, 4)) : Number(date.slice(0, 4)) - 1);
  const periods: TopicPeriod[] = [];
  let month = today.slice(0, 7);
  for (let i = 0; i < Math.max(1, months); i++) {
    const { first, last } = monthBounds(month);
    periods.unshift({ label: month, first, last: last >= today ? today : last, running: last >= today });
    month = addDays(`${month}-01`, -1).slice(0, 7);
  }
  for (let year = fyOf(periods[0].first); year <= fyOf(today); year++) {
    const { first, last } = financialYearBounds(year);
    periods.push({ label: `fy${year}`, first, last: last >= today ? today : last, running: last >= today });
  }
  return periods;
}

export interface TenantUnits {
  /** (period, scope) units: `la` of every period and each team and worker in use in it. */
  units: number;
  /** The most teams and workers in use in any one period. */
  teams: number;
  workers: number;
}

/**
 * How many (period, scope) units the topic carries for each tenant the service knows (its
 * tenant_settings): per period `la` and every team and worker with a child allocated at some time
 * in it, as the projections now know (the condition of the service's TopicScopesStore.inUse).
 */
export async function topicUnits(pg: Client, now: number, months: number): Promise<{ periods: number; byTenant: Map<string, TenantUnits> }> {
  const periods = topicPeriods(now, months);
  const byTenant = new Map<string, TenantUnits>();
  for (const { tenant } of (await pg.query('SELECT tenant FROM tenant_settings')).rows) byTenant.set(tenant, { units: periods.length, teams: 0, workers: 0 });
  for (const p of periods) {
    const { rows } = await pg.query(
      `SELECT tenant, count(DISTINCT team_id)::int AS teams, count(DISTINCT worker_id)::int AS workers FROM projected_facts
       WHERE kind = 'alloc' AND day = 'allocated' AND from_at <= $1 AND to_at > $2 AND known_from <= $3 AND known_to > $3 GROUP BY tenant`,
      [endOfLondonDay(p.last), startOfLondonDay(p.first), now],
    );
    for (const r of rows) {
      const t = byTenant.get(r.tenant);
      if (!t) continue;
      t.units += r.teams + r.workers;
      t.teams = Math.max(t.teams, r.teams);
      t.workers = Math.max(t.workers, r.workers);
    }
  }
  return { periods: periods.length, byTenant };
}
