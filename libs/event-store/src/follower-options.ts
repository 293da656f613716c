/** How a service follows the case events and tenants: its consumer group and where a new group starts. */
export interface FollowerOptions {
  groupId: string;
  fromBeginning: boolean;
}

export const FOLLOWER_OPTIONS = Symbol('FOLLOWER_OPTIONS');

/** Told which tenants' events were just applied (e.g. to recompute live figures or deadlines). */
export interface AfterApply {
  applied(tenants: Set<string>, rows: import('./event-rows').EventRow[]): Promise<void> | void;
}

/**
 * Told which tenants' settings were just stored from csc.tenants.v1 (every record, also the
 * whole compacted topic read again at each start): the listener decides what changed.
 */
export interface TenantsChanged {
  tenantsStored(tenants: string[]): Promise<void> | void;
}
