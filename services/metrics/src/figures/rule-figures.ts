import type { KnownTenant } from '@casewatch/tenant-settings';
import { type ChildChecks, endOfLondonDay, londonDateOf, startOfLondonDay } from '@casewatch/timescales';
import { Injectable } from '@nestjs/common';
import type { DeadlineFacts } from '../catalogue/deadline-facts.model';
import type { FigureQuery } from '../catalogue/figure-query.model';
import type { ResolvedPeriod } from '../catalogue/periods';
import type { CheckDefinition, RuleDefinition } from '../catalogue/metric-definition';
import { percent } from './metric-arithmetic';
import { ProjectedFactsStore } from '../projection/projected-facts.store';
import { ProjectionQueue } from '../projection/projection-queue';
import { ChildDeadlines } from './child-deadlines';

const LIVE = new Set(['open', 'due-soon', 'overdue']);
// How long a figure waits for the projections to take in what was stored before it was asked
// for; after that it evaluates the events itself (slow at scale, but never stale).
const CATCH_UP_MS = 5000;

export interface RuleFigure {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  /** The children in the numerator, with the dates that put them there. */
  cases: { subject: string; dates: string[] }[];
}

/** Timeliness, up-to-date and overdue figures from every child's deadlines at the period end. */
@Injectable()
export class RuleFigures {
  constructor(
    private readonly deadlines: ChildDeadlines,
    private readonly projected: ProjectedFactsStore,
    private readonly projection: ProjectionQueue,
  ) {}

  async figure(def: RuleDefinition | CheckDefinition, q: FigureQuery, known: KnownTenant, period: ResolvedPeriod, asAt: number): Promise<RuleFigure> {
    // The moment of knowledge is the clock too (one evaluation serves every rule of a pass).
    const now = Math.min(endOfLondonDay(period.last), asAt);
    const fromProjection = await this.projection.caughtUp(q.tenant, Date.now(), CATCH_UP_MS);
    if (def.kind === 'check-up-to-date') {
      const checks = fromProjection
        ? await this.projected.checks({ tenant: q.tenant, known, now, asAt })
        : (await this.deadlines.states(q.tenant, known, now, asAt)).checks;
      return checkFigure(
        def,
        checks.filter((c) => inScope(c, q.scope)),
      );
    }
    const metBetween = def.kind === 'timeliness' ? { from: startOfLondonDay(period.first), to: endOfLondonDay(period.last) } : undefined;
    const all = (
      fromProjection
        ? await this.projected.deadlines({ tenant: q.tenant, now, asAt, rules: [def.rule], metBetween, holders: q.scope !== undefined })
        : (await this.deadlines.states(q.tenant, known, now, asAt)).deadlines
    ).filter((d) => d.rule === def.rule && inScope(d, q.scope));
    if (def.kind === 'timeliness') {
      const completed = all.filter((d) => d.metAt !== undefined && inPeriod(d.metAt, period));
      const met = completed.filter((d) => d.state === 'met');
      return {
        value: percent(met.length, completed.length),
        numerator: met.length,
        denominator: completed.length,
        cases: casesOf(met, (d) => d.metAt as number),
      };
    }
    const live = all.filter((d) => LIVE.has(d.state));
    const overdue = live.filter((d) => d.state === 'overdue');
    if (def.kind === 'overdue') return { value: overdue.length, numerator: null, denominator: null, cases: casesOf(overdue, (d) => d.dueAt) };
    const children = new Set(live.map((d) => d.subject));
    const behind = new Set(overdue.map((d) => d.subject));
    const upToDate = [...children].filter((c) => !behind.has(c));
    return {
      value: percent(upToDate.length, children.size),
      numerator: upToDate.length,
      denominator: children.size,
      cases: casesOf(
        live.filter((d) => !behind.has(d.subject)),
        (d) => d.dueAt,
      ),
    };
  }
}

function checkFigure(def: CheckDefinition, children: ChildChecks[]): RuleFigure {
  const upToDate = children.filter((c) => c[def.check].upToDate);
  const cases = upToDate
    .map((c) => ({ subject: c.subject, dates: [c[def.check].last as string] }))
    .sort((a, b) => a.dates[0].localeCompare(b.dates[0]) || a.subject.localeCompare(b.subject));
  return { value: percent(upToDate.length, children.length), numerator: upToDate.length, denominator: children.length, cases };
}

function inPeriod(ms: number, period: ResolvedPeriod): boolean {
  const date = londonDateOf(ms);
  return date >= period.first && date <= period.last;
}

function inScope(d: Pick<DeadlineFacts, 'teamId' | 'workerId'>, scope: FigureQuery['scope']): boolean {
  if (!scope) return true;
  return scope.kind === 'team' ? d.teamId === scope.id : d.workerId === scope.id;
}

function casesOf(list: DeadlineFacts[], date: (d: DeadlineFacts) => number): { subject: string; dates: string[] }[] {
  const by = new Map<string, string[]>();
  for (const d of list) {
    const dates = by.get(d.subject) ?? [];
    dates.push(londonDateOf(date(d)));
    by.set(d.subject, dates);
  }
  return [...by]
    .map(([subject, dates]) => ({ subject, dates: dates.sort() }))
    .sort((a, b) => a.dates[0].localeCompare(b.dates[0]) || a.subject.localeCompare(b.subject));
}
