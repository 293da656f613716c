import { metricKey, type MetricValue } from '@casewatch/contracts';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { METRIC_CATALOGUE } from '../catalogue/metric-catalogue';
import type { MetricDefinition } from '../catalogue/metric-definition';
import { resolvePeriod } from '../catalogue/periods';
import { FiguresService } from '../figures/figures.service';
import { HotFigures } from '../figures/hot-figures';
import { ProjectionQueue } from '../projection/projection-queue';
import type { AppliedBatch, EventRow } from '@casewatch/event-store';
import { TenantSettingsStore } from '@casewatch/tenant-settings';
import type { MetricsConfig } from '../config';
import { METRICS_CONFIG } from '../platform/tokens';
import { LiveChannel } from './live-channel';
import { QueueSizes } from './queue-sizes';
import { ReplayLag } from './replay-lag';
import { MetricTopic } from '../topic/metric-topic';
import { affectedMetrics, eventTypesOf, touchedTypes } from './metric-dependencies';
import { SnapshotPacing } from './snapshot-pacing';
import { DayCountsStore } from '../figures/day-counts.store';

// The metrics an applied batch touches are recomputed this soon after it (the fast lane): on the
// next turn of the event loop, with every partition's batch of the same store transaction. It was
// 10 ms, added to every event's latency while batches come tens of milliseconds apart anyway.
const FAST_MS = 0;
// A tenant's snapshot figures (every open item read again) at most this often, in a lane of their
// own: computed in the fast lane, one (tens of milliseconds) held back the flows of every batch
// behind it.
const SNAPSHOT_MS = 1000;
// Full passes compete with the fast lane for the cores: at most this often per tenant.
const RECOMPUTE_MS = 2000;
// The full pass takes at most about a fifth of the time, however long it takes (a replay of
// millions of events must not spend itself on figures nobody is watching change).
const BUSY_FACTOR = 4;
// Deadlines fall due with time, not only with events: a full pass at least this often.
const REFRESH_MS = 30_000;
// A live trickle's children are projected within milliseconds; longer means a replay.
const PROJECTION_WAIT_MS = 1000;

/**
 * Live figures of the running month, in two lanes: the SQL-defined metrics an applied batch
 * touches, within milliseconds (a tenant's snapshots at most once a second: SnapshotPacing); and
 * a full pass over the catalogue (rule-based figures, queues, the hot copy for `current` answers)
 * at most every 2 s per tenant, longer when passes are long. A value computed earlier than one
 * already sent is never sent after it. Changed values go to the SSE stream and csc.metrics.v1. On
 * start every tenant's hot figures are rebuilt.
 */
@Injectable()
export class LiveFiguresService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LiveFiguresService.name);
  private readonly dirty = new Set<string>();
  private readonly touched = new Map<string, Set<string> | 'all'>();
  private readonly last = new Map<string, string>();
  /** The value last sent for a key, and when it was computed. */
  private readonly sent = new Map<string, { at: number; value: MetricValue }>();
  private timer: NodeJS.Timeout | undefined;
  private fastTimer: NodeJS.Timeout | undefined;
  private readonly pacing = new SnapshotPacing(SNAPSHOT_MS);
  private snapshotTimer: NodeJS.Timeout | undefined;
  private refresher: NodeJS.Timeout | undefined;
  private fastWork: Promise<void> = Promise.resolve();
  private snapshotWork: Promise<void> | undefined;
  private fullWork: Promise<void> = Promise.resolve();
  private lastPassMs = 0;
  private stopping = false;

  constructor(
    private readonly figures: FiguresService,
    private readonly queueSizes: QueueSizes,
    private readonly tenants: TenantSettingsStore,
    private readonly topic: MetricTopic,
    private readonly lag: ReplayLag,
    private readonly channel: LiveChannel,
    private readonly hot: HotFigures,
    @Inject(METRICS_CONFIG) private readonly config: MetricsConfig,
    private readonly projection: ProjectionQueue,
    private readonly dayCounts: DayCountsStore,
  ) {}

  /** Events of these tenants were stored: the metrics they touch now, a full pass soon. */
  eventsApplied(tenants: Set<string>, rows: EventRow[], batch: AppliedBatch): void {
    if (this.lag.note(batch)) {
      for (const t of tenants) this.dirty.add(t);
      return;
    }
    for (const tenant of tenants) this.touch(tenant, touchedTypes(rows.filter((r) => r.event.tenant === tenant)));
    this.changed(tenants);
  }

  /** Schedules a full pass for these tenants. */
  changed(tenants: Iterable<string>): void {
    for (const t of tenants) this.dirty.add(t);
    if (!this.timer && !this.stopping) {
      const wait = Math.max(RECOMPUTE_MS, this.lastPassMs * BUSY_FACTOR);
      this.timer = setTimeout(() => (this.fullWork = this.guard(this.fullWork, () => this.fullPass())), wait);
      this.timer.unref();
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.METRICS_WARM_ON_START) this.changed(await this.tenants.tenants());
    this.refresher = setInterval(() => this.changed(this.hot.tenants()), REFRESH_MS);
    this.refresher.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    // A pass over a large tenant takes a while: stop between metrics.
    this.stopping = true;
    clearInterval(this.refresher);
    clearTimeout(this.timer);
    clearTimeout(this.fastTimer);
    clearTimeout(this.snapshotTimer);
    await Promise.all([this.fastWork, this.fullWork, this.snapshotWork]);
  }

  private touch(tenant: string, types: Set<string> | 'all'): void {
    const had = this.touched.get(tenant);
    if (types === 'all' || had === 'all') this.touched.set(tenant, 'all');
    else this.touched.set(tenant, new Set([...(had ?? []), ...types]));
    if (!this.fastTimer && !this.stopping) {
      this.fastTimer = setTimeout(() => (this.fastWork = this.guard(this.fastWork, () => this.fastLane())), FAST_MS);
      this.fastTimer.unref();
    }
  }

  /** Runs after the lane's previous job; a failure is logged, the lane goes on. */
  private guard(lane: Promise<void>, job: () => Promise<void>): Promise<void> {
    return lane.then(job).catch((err: Error) => this.logger.warn(`live figures not sent: ${err.message}`));
  }

  private async fastLane(): Promise<void> {
    this.fastTimer = undefined;
    const pending = [...this.touched];
    this.touched.clear();
    const snapshots: [string, MetricDefinition[]][] = [];
    for (const [tenant, types] of pending) {
      if (this.stopping) return;
      const due = this.pacing.due(tenant, affectedMetrics(METRIC_CATALOGUE, types), Date.now(), !this.snapshotWork);
      if (due.snapshots.length > 0) snapshots.push([tenant, due.snapshots]);
      if (due.flows.length > 0) await this.recompute(tenant, due.flows, false);
    }
    if (snapshots.length > 0) this.snapshotLane(snapshots);
    this.wakeForSnapshots();
  }

  /** Snapshots beside the flows; those touched meanwhile wait for it to finish. */
  private snapshotLane(due: [string, MetricDefinition[]][]): void {
    this.snapshotWork = this.guard(Promise.resolve(), async () => {
      for (const [tenant, defs] of due) if (!this.stopping) await this.recompute(tenant, defs, false);
    }).finally(() => {
      this.snapshotWork = undefined;
      this.wakeForSnapshots();
    });
  }

  /** Held snapshots are computed on their turn even when no batch comes to take them along. */
  private wakeForSnapshots(): void {
    const turn = this.pacing.nextTurn();
    if (turn === undefined || this.snapshotTimer || this.snapshotWork || this.stopping) return;
    this.snapshotTimer = setTimeout(
      () => {
        this.snapshotTimer = undefined;
        for (const tenant of this.pacing.heldTenants()) this.touch(tenant, new Set());
      },
      Math.max(0, turn - Date.now()),
    );
    this.snapshotTimer.unref();
  }

  private async fullPass(): Promise<void> {
    const tenants = [...this.dirty];
    this.dirty.clear();
    const started = Date.now();
    try {
      for (const tenant of tenants) if (!this.stopping) await this.recompute(tenant, METRIC_CATALOGUE, true);
    } catch (err) {
      for (const t of tenants) this.dirty.add(t);
      throw err;
    } finally {
      this.lastPassMs = Date.now() - started;
      this.timer = undefined;
      if (this.dirty.size > 0) this.changed([]);
    }
  }

  private async recompute(tenant: string, defs: readonly MetricDefinition[], full: boolean): Promise<void> {
    const known = await this.tenants.get(tenant);
    if (!known) return;
    const passStart = Date.now();
    // Rule figures of a tenant whose projections are behind (a replay) would evaluate every
    // child's events: skip the pass; the projection calls for one once it has caught up.
    if (full && !(await this.projection.caughtUp(tenant, passStart, PROJECTION_WAIT_MS))) return;
    const period = resolvePeriod('current', passStart);
    if (!period) return;
    const changed: MetricValue[] = [];
    const items: MetricValue[] = [];
    for (const def of defs) {
      if (this.stopping) return;
      // SQL figures as known this instant (never older than one the fast lane sent); rule
      // figures share one evaluation per pass.
      const at = eventTypesOf(def) ? Date.now() : passStart;
      // The fast lane does not wait for the projections: a batch's children are rarely projected yet.
      const value = await this.figures.metricValue({
        def,
        tenant,
        known,
        period,
        asAt: at,
        now: at,
        reusePrevious: true,
        projectionWaitMs: full ? undefined : 0,
        dayCounts: !full,
      });
      const key = metricKey(tenant, def.id, 'la', period.label);
      const newer = this.sent.get(key);
      if (newer && newer.at > at) {
        items.push(newer.value);
        continue;
      }
      items.push(value);
      const { asOf, ...comparable } = value;
      const fingerprint = JSON.stringify(comparable);
      if (this.last.get(key) === fingerprint) continue;
      this.last.set(key, fingerprint);
      this.sent.set(key, { at, value });
      changed.push(value);
      await this.channel.publish(tenant, { event: 'metric', data: value });
    }
    const asOf = new Date(Date.now()).toISOString();
    if (full) await this.hot.put(tenant, { period: period.label, asOf, settingsVersion: known.updatedAt, items });
    else await this.hot.merge(tenant, period.label, asOf, items);
    // The topic's own gate decides what it has not carried yet (also across restarts).
    if (changed.length > 0) await this.topic.offer(tenant, changed);
    if (full) await this.queueSizes.refresh(tenant, known, passStart);
    if (full) await this.dayCounts.compact(tenant);
  }
}
