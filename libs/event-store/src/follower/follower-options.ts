import type { EventPipeline } from './event-pipeline';

/** How a service follows the case events and tenants: its consumer group, where a new group starts, and its pipeline. */
export interface FollowerOptions {
  groupId: string;
  fromBeginning: boolean;
  /** Partitions applied at once (default 1). */
  partitionsConsumedConcurrently?: number;
  /** The steps an applied event (and a stored tenant) goes through, in order. */
  pipeline?: EventPipeline;
  /**
   * Keep `event_day_counts` (the service's migration makes it) in the transaction that stores the
   * events: each day's events per tenant and type as known now, for the recent days (DAY_COUNTS_FROM).
   */
  dayCounts?: boolean;
}

export const FOLLOWER_OPTIONS = Symbol('FOLLOWER_OPTIONS');
