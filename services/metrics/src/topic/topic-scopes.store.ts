import { endOfLondonDay, startOfLondonDay } from '@casewatch/timescales';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ResolvedPeriod } from '../catalogue/periods';

const scopesOf = (rows: { team_id: string | null; worker_id: string | null }[]): string[] => {
  const scopes = new Set<string>();
  for (const r of rows) {
    if (r.team_id) scopes.add(`team:${r.team_id}`);
    if (r.worker_id) scopes.add(`worker:${r.worker_id}`);
  }
  return [...scopes].sort();
};

/** The team and worker scopes the topic carries (api.md: those with a child allocated in the period), from the allocations stored. */
@Injectable()
export class TopicScopesStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Teams and workers with at least one child allocated at some time in the period, as now known. */
  async inUse(tenant: string, period: ResolvedPeriod, now: number): Promise<string[]> {
    return scopesOf(
      await this.dataSource.query(
        `SELECT DISTINCT team_id, worker_id FROM projected_facts
         WHERE tenant = $1 AND kind = 'alloc' AND day = 'allocated' AND from_at <= $2 AND to_at > $3 AND known_from <= $4 AND known_to > $4`,
        [tenant, endOfLondonDay(period.last), startOfLondonDay(period.first), now],
      ),
    );
  }

  /** Every team and worker these children have been allocated to: the scopes their events can move. */
  async ofChildren(tenant: string, subjects: string[]): Promise<string[]> {
    return scopesOf(
      await this.dataSource.query(
        `SELECT DISTINCT team_id, worker_id FROM case_events WHERE tenant = $1 AND subject = ANY($2::text[]) AND type = 'csc.worker.allocated'`,
        [tenant, subjects],
      ),
    );
  }
}
