import type { MetricValue } from '@casewatch/contracts';
import type { AppliedBatch, EventRow } from '@casewatch/event-store';
import { TenantSettingsStore } from '@casewatch/tenant-settings';
import { londonDateOf } from '@casewatch/timescales';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Scope } from '../catalogue/figure-query.model';
import { METRIC_CATALOGUE } from '../catalogue/metric-catalogue';
import { resolvePeriod, type ResolvedPeriod } from '../catalogue/periods';
import type { MetricsConfig } from '../config';
import { FiguresService } from '../figures/figures.service';
import { METRICS_CONFIG } from '../platform/tokens';
import { ProjectionQueue } from '../projection/projection-queue';
import { MetricTopic } from '../topic/metric-topic';
import { periodsFrom, topicPeriods } from '../topic/topic-periods';
import { TopicScopesStore } from '../topic/topic-scopes.store';
import { LiveChannel } from './live-channel';
import { ReplayLag } from './replay-lag';

/** One period and scope of a tenant: the whole catalogue is computed for it at once. */
interface Unit {
  tenant: string;
  period: string;
  scope: string;
}

const METRIC_IDS = METRIC_CATALOGUE.map((d) => d.id);
// Events of more children than this at once (a replay's end): every scope is recomputed instead.
const MANY_CHILDREN = 2000;
// Idle loop's pace, and how long a figure waits for the projections of what it counts.
const IDLE_MS = 1000;
const PROJECTION_WAIT_MS = 5000;

const unitKey = (u: Unit) => `${u.tenant}|${u.period}|${u.scope}`;
const toScope = (scope: string): Scope | undefined => {
  if (scope === 'la') return undefined;
  const at = scope.indexOf(':');
  return { kind: scope.slice(0, at) as 'team' | 'worker', id: scope.slice(at + 1) };
};

/**
 * Everything csc.metrics.v1 carries beyond the running month's `la` figures (the live lane's):
 * every team and worker scope in use, the running financial year, closed months and years within
 * METRICS_TOPIC_MONTHS (their finals when the cut-off passes, their revisions when late events,
 * corrections or retractions change them). One loop computes a period and scope at a time, events'
 * own first, and rests between units so that it takes at most a set share of the service's time.
 * On start, and after catching up on a backlog, every unit is computed once; the topic's gate
 * publishes only what differs from what the topic already carries.
 */
@Injectable()
export class TopicSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TopicSweeper.name);
  private readonly urgent = new Map<string, Unit>();
  private readonly background = new Map<string, Unit>();
  /** Tenants the topic follows: all at start (METRICS_WARM_ON_START), otherwise once their events arrive. */
  private readonly followed = new Set<string>();
  /** The settings version each followed tenant's figures were planned with (targets decide RAG). */
  private readonly versions = new Map<string, number>();
  /** Tenants whose every unit is due (start, first events, or the end of a backlog). */
  private readonly planned = new Set<string>();
  /** Children whose events just arrived, per tenant, with the earliest date before the running month they touch. */
  private readonly touched = new Map<string, Map<string, string | null>>();
  private readonly stop = new AbortController();
  private loop: Promise<void> = Promise.resolve();
  private lastRefresh = 0;

  constructor(
    private readonly figures: FiguresService,
    private readonly tenants: TenantSettingsStore,
    private readonly topic: MetricTopic,
    private readonly scopes: TopicScopesStore,
    private readonly channel: LiveChannel,
    private readonly lag: ReplayLag,
    private readonly projection: ProjectionQueue,
    @Inject(METRICS_CONFIG) private readonly config: MetricsConfig,
  ) {}

  /** New settings (targets, calendar, rules) can change every figure of the tenant. */
  async settingsStored(tenants: string[]): Promise<void> {
    for (const t of tenants) {
      if (!this.followed.has(t) || !this.versions.has(t)) continue;
      const known = await this.tenants.get(t);
      if (known && known.updatedAt !== this.versions.get(t)) this.planned.add(t);
    }
  }

  /** Events of these tenants were stored: their units are planned (every unit for a tenant seen the first time). */
  eventsApplied(tenants: Set<string>, rows: EventRow[], batch: AppliedBatch): void {
    if (!this.config.METRICS_TOPIC) return;
    for (const t of tenants) {
      if (this.followed.has(t)) continue;
      this.followed.add(t);
      this.planned.add(t);
    }
    if (this.lag.note(batch)) {
      for (const t of tenants) this.planned.add(t);
      return;
    }
    const monthStart = `${londonDateOf(Date.now()).slice(0, 7)}-01`;
    for (const r of rows) {
      const children = this.touched.get(r.event.tenant) ?? new Map<string, string | null>();
      this.touched.set(r.event.tenant, children);
      // A correction moves the figures of the event it corrects, of whatever date: all periods.
      const correction = r.event.type === 'csc.event.retracted' || r.event.supersedes !== undefined;
      const late = correction ? '0000-01-01' : r.practiceDate < monthStart ? r.practiceDate : null;
      const had = children.get(r.event.subject);
      children.set(r.event.subject, had == null ? late : late == null ? had : late < had ? late : had);
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.METRICS_TOPIC) return;
    if (this.config.METRICS_WARM_ON_START) {
      for (const t of await this.tenants.tenants()) {
        this.followed.add(t);
        this.planned.add(t);
      }
    }
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stop.signal.aborted) {
      try {
        const started = Date.now();
        const worked = await this.step();
        const rest = worked ? (Date.now() - started) * this.config.METRICS_TOPIC_REST_FACTOR : IDLE_MS;
        await sleep(Math.max(rest, 1), undefined, { signal: this.stop.signal });
      } catch (err) {
        if (this.stop.signal.aborted) return;
        this.logger.warn(`metric topic: ${(err as Error).message}`);
        await sleep(IDLE_MS, undefined, { signal: this.stop.signal }).catch(() => undefined);
      }
    }
  }

  /** One piece of work; false when there was none. */
  private async step(): Promise<boolean> {
    if (this.lag.catchingUp()) return false;
    // Scopes in use come from the projected allocations: plan once they hold what was stored.
    const [planned] = this.planned;
    if (planned !== undefined) {
      if (!(await this.projection.caughtUp(planned, Date.now(), 0))) return false;
      this.planned.delete(planned);
      await this.plan(planned, true);
      return true;
    }
    const [touched] = this.touched;
    if (touched) {
      if (!(await this.projection.caughtUp(touched[0], Date.now(), 0))) return false;
      this.touched.delete(touched[0]);
      await this.follow(touched[0], touched[1]);
      return true;
    }
    const next = this.take(this.urgent) ?? this.take(this.background);
    if (next) {
      await this.compute(next);
      return true;
    }
    if (Date.now() - this.lastRefresh >= this.config.METRICS_TOPIC_REFRESH_MS) {
      this.lastRefresh = Date.now();
      for (const t of [...this.followed]) await this.plan(t, false);
      return true;
    }
    return false;
  }

  private take(queue: Map<string, Unit>): Unit | undefined {
    const [first] = queue;
    if (!first) return undefined;
    queue.delete(first[0]);
    return first[1];
  }

  /**
   * Queues a tenant's units: all of them (`everything`), or those that time alone changes: the
   * running periods (deadlines fall due) and closed ones whose cut-off has passed without a final.
   */
  private async plan(tenant: string, everything: boolean): Promise<void> {
    const known = await this.tenants.get(tenant);
    if (!known) return;
    if (everything) this.versions.set(tenant, known.updatedAt);
    const now = Date.now();
    for (const period of topicPeriods(now, this.config.METRICS_TOPIC_MONTHS)) {
      for (const scope of ['la', ...(await this.scopes.inUse(tenant, period, now))]) {
        if (period.running) {
          this.add(this.background, { tenant, period: period.label, scope });
          continue;
        }
        const finalDue = this.figures.cutoff(known, period) <= now;
        if (everything || (finalDue && !(await this.topic.isFinal(tenant, period.label, scope, METRIC_IDS)))) {
          this.add(this.background, { tenant, period: period.label, scope });
        }
      }
    }
  }

  /** Queues the units the events of these children can change, before anything else. */
  private async follow(tenant: string, children: Map<string, string | null>): Promise<void> {
    const now = Date.now();
    const periods = topicPeriods(now, this.config.METRICS_TOPIC_MONTHS);
    let earliest: string | null = null;
    for (const late of children.values()) if (late !== null && (earliest === null || late < earliest)) earliest = late;
    const changed = periods.filter((p) => p.running).concat(earliest === null ? [] : periodsFrom(periods, earliest).filter((p) => !p.running));
    const theirs = children.size > MANY_CHILDREN ? undefined : new Set(await this.scopes.ofChildren(tenant, [...children.keys()]));
    this.logger.debug(`${tenant}: events of ${children.size} children, earliest before this month ${earliest ?? 'none'}`);
    for (const period of changed) {
      const inUse = await this.scopes.inUse(tenant, period, now);
      for (const scope of ['la', ...inUse.filter((s) => !theirs || theirs.has(s))]) this.add(this.urgent, { tenant, period: period.label, scope });
    }
  }

  private add(queue: Map<string, Unit>, unit: Unit): void {
    // The running month's `la` figures are the live lane's.
    const month = londonDateOf(Date.now()).slice(0, 7);
    if (unit.scope === 'la' && unit.period === month) return;
    const key = unitKey(unit);
    if (queue === this.urgent) this.background.delete(key);
    else if (this.urgent.has(key)) return;
    queue.set(key, unit);
  }

  private async compute(unit: Unit): Promise<void> {
    const known = await this.tenants.get(unit.tenant);
    const now = Date.now();
    const period: ResolvedPeriod | undefined = resolvePeriod(unit.period, now);
    if (!known || !period) return;
    if (!(await this.projection.caughtUp(unit.tenant, now, PROJECTION_WAIT_MS))) {
      // A backlog of children to project: come back to it rather than count from raw events.
      this.add(this.background, unit);
      return;
    }
    const scope = toScope(unit.scope);
    const values: MetricValue[] = [];
    for (const def of METRIC_CATALOGUE) {
      if (this.stop.signal.aborted) return;
      // The previous period is computed afresh: a late event may just have changed it (direction).
      values.push(await this.figures.metricValue({ def, tenant: unit.tenant, known, period, asAt: now, now, scope }));
    }
    const finalDue = !period.running && this.figures.cutoff(known, period) <= now;
    const published = await this.topic.offer(unit.tenant, values, finalDue);
    this.logger.debug(`${unit.tenant} ${unit.period} ${unit.scope}: ${published.length} of ${values.length} published`);
    await this.channel.publishMany(
      unit.tenant,
      published.map((data) => ({ event: 'metric' as const, data })),
    );
  }
}
