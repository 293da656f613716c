import type { MetricDefinition } from '../catalogue/metric-definition';

interface Lane {
  tenant: string;
  def: MetricDefinition;
  state: 'idle' | 'waiting' | 'ready' | 'running';
  /** Touched again while running: run once more after. */
  again: boolean;
  timer?: NodeJS.Timeout;
  lastMs: number;
  endedAt: number;
}

/**
 * The fast lane's work, one lane per tenant and metric. A metric touched while it is computed is
 * computed once more afterwards, however often it was touched, so a cheap figure never waits
 * behind an expensive one's backlog. A lane starts again no sooner than `factor` times its last
 * computation after it ended: figures that re-read a month or every open item cannot take the
 * database's cores from the events being stored. At most `concurrency` computations at once
 * (they share the service's connection pool with the store).
 */
export class FastLanes {
  private readonly lanes = new Map<string, Lane>();
  private readonly ready: Lane[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private active = 0;
  private stopped = false;

  constructor(
    private readonly run: (tenant: string, def: MetricDefinition) => Promise<void>,
    private readonly concurrency: number,
    private readonly factor: number,
  ) {}

  touch(tenant: string, defs: readonly MetricDefinition[]): void {
    for (const def of defs) {
      const key = `${tenant}\u0000${def.id}`;
      let lane = this.lanes.get(key);
      if (!lane) {
        lane = { tenant, def, state: 'idle', again: false, lastMs: 0, endedAt: 0 };
        this.lanes.set(key, lane);
      }
      this.schedule(lane);
    }
  }

  /** No new computations; resolves once those under way have ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const lane of this.lanes.values()) clearTimeout(lane.timer);
    await Promise.allSettled([...this.inFlight]);
  }

  private schedule(lane: Lane): void {
    if (this.stopped) return;
    if (lane.state === 'running') {
      lane.again = true;
      return;
    }
    if (lane.state !== 'idle') return;
    const wait = lane.endedAt + this.factor * lane.lastMs - Date.now();
    if (wait <= 0) return this.enqueue(lane);
    lane.state = 'waiting';
    lane.timer = setTimeout(() => this.enqueue(lane), wait);
    lane.timer.unref();
  }

  private enqueue(lane: Lane): void {
    lane.state = 'ready';
    this.ready.push(lane);
    this.pump();
  }

  private pump(): void {
    while (!this.stopped && this.active < this.concurrency && this.ready.length > 0) {
      const lane = this.ready.shift() as Lane;
      lane.state = 'running';
      this.active++;
      const started = Date.now();
      const work: Promise<void> = this.run(lane.tenant, lane.def).finally(() => {
        lane.endedAt = Date.now();
        lane.lastMs = lane.endedAt - started;
        lane.state = 'idle';
        this.active--;
        this.inFlight.delete(work);
        if (lane.again) {
          lane.again = false;
          this.schedule(lane);
        }
        this.pump();
      });
      this.inFlight.add(work);
    }
  }
}
