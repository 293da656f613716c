import type { MetricValue } from '@casewatch/contracts';
import { endOfLondonDay } from '@casewatch/timescales';
import { Injectable } from '@nestjs/common';
import type { FigureQuery, Scope } from '../catalogue/figure-query.model';
import { isRuleDefinition, type MetricDefinition, type OpenDefinition } from '../catalogue/metric-definition';
import { previousPeriod, type ResolvedPeriod } from '../catalogue/periods';
import type { KnownTenant } from '@casewatch/tenant-settings';
import { directionOf, per10k, percent, ragOf, round1, trendOf } from './metric-arithmetic';
import { addMonthsClamped, daysBetween } from '@casewatch/timescales';
import { casesAfter, type CasePage, type CaseRow } from './case-page';
import { CasePageStore } from './case-page.store';
import { EventFiguresStore } from './event-figures.store';
import { isProjectedOpen } from '../projection/open-items';
import { ProjectedFactsStore } from '../projection/projected-facts.store';
import { ProjectionQueue } from '../projection/projection-queue';
import { comparatorsFor } from './comparators';
import { CareFigures } from './care-figures';
import { RuleFigures } from './rule-figures';
import { dayCountable, DayCountsStore } from './day-counts.store';

// The live passes reuse the previous period's figure (for `direction`) this long: it changes only
// with late events, and recomputing it doubles the cost of every pass.
const PREVIOUS_REUSE_MS = 5 * 60_000;
// Snapshots wait this long for the projections to take in what was stored before they were
// asked for, then count from the events (slower at scale, never stale).
const PROJECTION_WAIT_MS = 5000;

/** One metric for a tenant, period, moment of knowledge (`asAt`) and scope. */
/** One metric's figure for a tenant, period and scope, as known at `asAt`. */
export interface FigureOf {
  def: MetricDefinition;
  tenant: string;
  known: KnownTenant;
  period: ResolvedPeriod;
  /** What was recorded by then counts. */
  asAt: number;
  scope?: Scope;
}

export interface MetricValueQuery {
  def: MetricDefinition;
  tenant: string;
  known: KnownTenant;
  period: ResolvedPeriod;
  /** What was recorded by then counts. */
  asAt: number;
  /** The present: it decides the previous period. */
  now: number;
  scope?: Scope;
  /** The previous period's figure (for `direction`) may be one computed in the last few minutes. */
  reusePrevious?: boolean;
  /** How long to wait for the projections before counting from the events. */
  projectionWaitMs?: number;
  /** Counts of the whole tenant as known now from the day counts (the live fast lane; asAt is now). */
  dayCounts?: boolean;
}

interface Figure {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}

/**
 * A metric for one tenant, period and moment of knowledge, from the event store: the value, the
 * value as at the reporting cut-off (`firstReported`), and the change on the previous period.
 */
@Injectable()
export class FiguresService {
  constructor(
    private readonly rules: RuleFigures,
    private readonly projected: ProjectedFactsStore,
    private readonly projection: ProjectionQueue,
    private readonly care: CareFigures,
    private readonly events: EventFiguresStore,
    private readonly casePages: CasePageStore,
    private readonly dayCounts: DayCountsStore,
  ) {}

  private readonly previous = new Map<string, { at: number; figure: Promise<Figure> }>();
  private swept = 0;

  async metricValue({ def, tenant, known, period, asAt, now, scope, reusePrevious, projectionWaitMs, dayCounts }: MetricValueQuery): Promise<MetricValue> {
    const wait = projectionWaitMs ?? PROJECTION_WAIT_MS;
    const figure = (p: ResolvedPeriod, at: number) => this.figure({ def, tenant, known, period: p, asAt: at, scope }, wait, dayCounts && !scope);
    const cutoff = this.cutoff(known, period);
    const prior = previousPeriod(period, now);
    // The three at once: PostgreSQL works on one while Node reads another.
    const [current, asFirstReported, previous] = await Promise.all([
      figure(period, asAt),
      period.running || cutoff >= asAt ? undefined : figure(period, cutoff),
      reusePrevious
        ? this.reused(`${tenant}|${def.id}|${prior.label}|${scope ? `${scope.kind}:${scope.id}` : 'la'}|${known.updatedAt}`, () => figure(prior, asAt))
        : figure(prior, asAt),
    ]);
    const first = asFirstReported ?? current;
    const direction = directionOf(current.value, previous.value);
    const target = known.settings.targets?.[def.id];
    const comparators = comparatorsFor(known.settings.comparators?.[def.id], period.end);
    return {
      metricId: def.id,
      title: def.title,
      unit: def.unit,
      period: period.label,
      scope: scope ? `${scope.kind}:${scope.id}` : 'la',
      value: current.value,
      numerator: current.numerator,
      denominator: current.denominator,
      polarity: def.polarity,
      target: target?.target ?? null,
      rag: ragOf(current.value, def.polarity, target),
      direction,
      trend: trendOf(direction, def.polarity),
      firstReported: first.value,
      revised: first.value !== current.value,
      asOf: new Date(asAt).toISOString(),
      ...(comparators ? { comparators } : {}),
    };
  }

  /** A page of the children behind a figure, in (first date, child) order. */
  async cases({ def, tenant, known, period, asAt, scope }: FigureOf, page: CasePage): Promise<CaseRow[]> {
    const q = { tenant, scope, first: period.first, last: period.last, asAt: new Date(asAt).toISOString() };
    const d = def.definition;
    if (isRuleDefinition(d)) return casesAfter((await this.rules.figure(d, q, known, period, asAt)).cases, page);
    if (d.kind === 'care') return casesAfter((await this.care.figure(d, q, asAt)).cases, page);
    if (d.kind === 'open' && isProjectedOpen(d) && (await this.projection.caughtUp(tenant, Date.now(), PROJECTION_WAIT_MS))) {
      return this.casePages.ofProjectedOpen({ def: d, q, asAt, page });
    }
    return this.casePages.ofEvents(d, q, page);
  }

  private reused(key: string, compute: () => Promise<Figure>): Promise<Figure> {
    const hit = this.previous.get(key);
    if (hit && Date.now() - hit.at < PREVIOUS_REUSE_MS) return hit.figure;
    const figure = compute();
    this.previous.set(key, { at: Date.now(), figure });
    figure.catch(() => this.previous.delete(key));
    if (Date.now() - this.swept > PREVIOUS_REUSE_MS) {
      this.swept = Date.now();
      for (const [k, v] of this.previous) if (this.swept - v.at >= PREVIOUS_REUSE_MS) this.previous.delete(k);
    }
    return figure;
  }

  /** Averages of days or working days, or the share of intervals of at least N years. */
  private async interval(d: Extract<MetricDefinition['definition'], { kind: 'interval' }>, q: FigureQuery, known: KnownTenant, unit: string): Promise<Figure> {
    const rows = await this.events.intervalDates(d, q);
    if (d.aggregate === 'average') {
      const lengths = rows.map((r) => (d.measure === 'days' ? daysBetween(r.from_date, r.to_date) : known.calendar.workingDaysBetween(r.from_date, r.to_date)));
      const value = lengths.length === 0 ? null : round1(lengths.reduce((a, b) => a + b, 0) / lengths.length);
      return { value, numerator: null, denominator: null };
    }
    const months = d.aggregate.atLeastYears * 12;
    const long = rows.filter((r) => addMonthsClamped(r.from_date, months) <= r.to_date).length;
    return unit === 'percent'
      ? { value: percent(long, rows.length), numerator: long, denominator: rows.length }
      : { value: long, numerator: null, denominator: null };
  }

  /** End of the N-th working day after the period ends (metrics.md, revisions). */
  cutoff(known: KnownTenant, period: ResolvedPeriod): number {
    const days = known.settings.reportingCutoffWorkingDays ?? 10;
    return endOfLondonDay(known.calendar.addWorkingDays(period.end, days));
  }

  private async figure({ def, tenant, known, period, asAt, scope }: FigureOf, projectionWaitMs: number, dayCounts = false): Promise<Figure> {
    const q = { tenant, scope, first: period.first, last: period.last, asAt: new Date(asAt).toISOString() };
    const d = def.definition;
    if (isRuleDefinition(d)) return this.rules.figure(d, q, known, period, asAt);
    if (d.kind === 'interval') return this.interval(d, q, known, def.unit);
    let row: { numerator: number; denominator: number | null };
    // "latest" in a scope picks the latest event in scope, which spans do not keep: SQL.
    const projected = (d.kind === 'open' && isProjectedOpen(d)) || d.kind === 'caseload' || (d.kind === 'latest' && !scope);
    const countable = dayCounts ? dayCountable(def) : undefined;
    const counted = countable ? await this.dayCounts.count(tenant, countable.events.type, period.first, period.last) : undefined;
    if (counted !== undefined) {
      row = { numerator: counted, denominator: counted };
    } else if (d.kind === 'care') {
      const { numerator, denominator } = await this.care.figure(d, q, asAt, projectionWaitMs);
      row = { numerator, denominator };
    } else if (projected && (await this.projection.caughtUp(tenant, Date.now(), projectionWaitMs))) {
      if (d.kind === 'caseload') row = await this.projected.caseload(d, q, asAt);
      else if (d.kind === 'latest') row = await this.projected.latest(d, q, asAt);
      else {
        const n = await this.projected.openFigure(d as OpenDefinition, q, asAt);
        row = { numerator: n, denominator: n };
      }
    } else {
      row = await this.events.counts(d, q);
    }
    if (d.kind === 'caseload') return { value: row.denominator ? round1(row.numerator) : null, numerator: null, denominator: null };
    if (def.unit === 'percent') {
      return { value: percent(row.numerator, row.denominator ?? 0), numerator: row.numerator, denominator: row.denominator ?? 0 };
    }
    if (def.unit === 'rate10k') {
      return { value: per10k(row.numerator, known.settings.population0to17), numerator: null, denominator: null };
    }
    return { value: row.numerator, numerator: null, denominator: null };
  }
}
