import type { MetricDefinition } from '../catalogue/metric-definition';

/** What the fast lane computes for a batch: the flows now, the snapshots in their own lane. */
export interface DueMetrics {
  flows: MetricDefinition[];
  snapshots: MetricDefinition[];
}

/**
 * Which of the metrics an applied batch touched the fast lane computes now. A flow re-reads its
 * period; a snapshot (open items, children, caseloads) re-reads every open item, and computed after
 * every batch it was the fast lane's largest load on the database. So a tenant's snapshots are
 * computed at most once per `everyMs`, and never while the previous ones are still being computed
 * (`free` false); those touched in between are held for their next turn.
 */
export class SnapshotPacing {
  private readonly held = new Map<string, Map<string, MetricDefinition>>();
  private readonly last = new Map<string, number>();

  constructor(private readonly everyMs: number) {}

  /** The flows, and the tenant's snapshots (with those held) once their turn has come. */
  due(tenant: string, defs: readonly MetricDefinition[], now: number, free = true): DueMetrics {
    const flows: MetricDefinition[] = [];
    let held = this.held.get(tenant);
    for (const d of defs) {
      if (d.shape !== 'snapshot') flows.push(d);
      else (held ??= new Map()).set(d.id, d);
    }
    if (!held) return { flows, snapshots: [] };
    if (!free || now - (this.last.get(tenant) ?? Number.NEGATIVE_INFINITY) < this.everyMs) {
      this.held.set(tenant, held);
      return { flows, snapshots: [] };
    }
    this.held.delete(tenant);
    this.last.set(tenant, now);
    return { flows, snapshots: [...held.values()] };
  }

  /** When the earliest held snapshots' turn comes (epoch ms), or undefined when none are held. */
  nextTurn(): number | undefined {
    let next: number | undefined;
    for (const tenant of this.held.keys()) {
      const turn = (this.last.get(tenant) ?? 0) + this.everyMs;
      if (next === undefined || turn < next) next = turn;
    }
    return next;
  }

  /** Tenants with snapshots held. */
  heldTenants(): string[] {
    return [...this.held.keys()];
  }
}
