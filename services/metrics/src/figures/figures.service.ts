import type { MetricValue } from '@casewatch/contracts';
import { endOfLondonDay } from '@casewatch/timescales';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { MetricDefinition } from '../catalogue/metric-definition';
import { previousPeriod, type ResolvedPeriod } from '../catalogue/periods';
import type { KnownTenant } from '../tenants/tenant-settings.repository';
import { directionOf, per10k, percent, ragOf, trendOf } from './metric-arithmetic';
import { casesSql, figureSql, type FigureQuery } from './metric-sql';

export type Scope = FigureQuery['scope'];

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
  constructor(private readonly dataSource: DataSource) {}

  async metricValue(
    def: MetricDefinition,
    tenant: string,
    known: KnownTenant,
    period: ResolvedPeriod,
    asAt: number,
    now: number,
    scope?: Scope,
  ): Promise<MetricValue> {
    const figure = (p: ResolvedPeriod, at: number) => this.figure(def, tenant, known, p, at, scope);
    const current = await figure(period, asAt);
    const cutoff = this.cutoff(known, period);
    const first = period.running || cutoff >= asAt ? current : await figure(period, cutoff);
    const previous = await figure(previousPeriod(period, now), asAt);
    const direction = directionOf(current.value, previous.value);
    const target = known.settings.targets?.[def.id];
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
    };
  }

  async cases(
    def: MetricDefinition,
    tenant: string,
    period: ResolvedPeriod,
    asAt: number,
    limit: number,
    scope?: Scope,
  ): Promise<{ subject: string; dates: string[] }[]> {
    const q = { tenant, scope, first: period.first, last: period.last, asAt: new Date(asAt).toISOString() };
    const { text, params } = casesSql(def.definition, q, limit);
    return this.dataSource.query(text, params);
  }

  /** End of the N-th working day after the period ends (metrics.md, revisions). */
  cutoff(known: KnownTenant, period: ResolvedPeriod): number {
    const days = known.settings.reportingCutoffWorkingDays ?? 10;
    return endOfLondonDay(known.calendar.addWorkingDays(period.end, days));
  }

  private async figure(
    def: MetricDefinition,
    tenant: string,
    known: KnownTenant,
    period: ResolvedPeriod,
    asAt: number,
    scope: Scope,
  ): Promise<Figure> {
    const { text, params } = figureSql(def.definition, {
      tenant,
      scope,
      first: period.first,
      last: period.last,
      asAt: new Date(asAt).toISOString(),
    });
    const [row]: { numerator: number; denominator: number | null }[] = await this.dataSource.query(text, params);
    if (def.unit === 'percent') {
      return { value: percent(row.numerator, row.denominator ?? 0), numerator: row.numerator, denominator: row.denominator ?? 0 };
    }
    if (def.unit === 'rate10k') {
      return { value: per10k(row.numerator, known.settings.population0to17), numerator: null, denominator: null };
    }
    return { value: row.numerator, numerator: null, denominator: null };
  }
}
