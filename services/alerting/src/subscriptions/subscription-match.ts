import type { Alert, SubscriptionFilter } from '@casewatch/contracts';

/** Does an alert pass a subscription's filter? Every list given must contain the alert's value. */
export function matchesFilter(alert: Pick<Alert, 'rule' | 'kind' | 'teamId' | 'workerId'>, filter: SubscriptionFilter | null): boolean {
  if (!filter) return true;
  if (filter.rules && !filter.rules.includes(alert.rule)) return false;
  if (filter.kinds && !filter.kinds.includes(alert.kind)) return false;
  if (filter.teams && !(alert.teamId && filter.teams.includes(alert.teamId))) return false;
  if (filter.workers && !(alert.workerId && filter.workers.includes(alert.workerId))) return false;
  return true;
}

/** Full-jitter exponential backoff: a random wait up to base·2^attempt, capped. */
export function backoffMs(attempt: number, baseMs: number, capMs: number, random = Math.random): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** attempt));
}
