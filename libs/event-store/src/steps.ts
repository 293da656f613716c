import type { EntityManager } from 'typeorm';
import type { EventRow } from './store/event-rows';

// The one method of each pipeline stage: what a service's steps implement (EventPipeline lists them).

/** Where the applied batch stood on its partition. */
export interface AppliedBatch {
  partition: number;
  /** Messages still to come on the partition: large while replaying or catching up. */
  lag: number;
}

/** Told which tenants' events were just applied (e.g. to recompute live figures or deadlines). */
export interface AfterApply {
  applied(tenants: Set<string>, rows: EventRow[], batch: AppliedBatch): Promise<void> | void;
}

/**
 * Told which tenants' settings were just stored from csc.tenants.v1 (every record, also the
 * whole compacted topic read again at each start): the listener decides what changed.
 */
export interface TenantsChanged {
  tenantsStored(tenants: string[]): Promise<void> | void;
}

/**
 * Writes that must commit with the applied events (e.g. a durable queue of children to
 * re-evaluate): run inside the batch's transaction, with the rows it stores.
 */
export interface WithinApply {
  withinApply(m: EntityManager, rows: EventRow[]): Promise<void>;
}

/** Told after every (re)join of the consumer group: partitions may have moved between instances. */
export interface Rebalanced {
  rebalanced(): void;
}
