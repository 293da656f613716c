import type { CaseEvent } from '@casewatch/contracts';
import { prepareEvents, readCare } from '@casewatch/timescales';
import { Injectable } from '@nestjs/common';
import { type Dimension } from '../catalogue/breakdown-dimensions';
import type { FigureQuery, Scope } from '../catalogue/figure-query.model';
import type { CareDefinition, MetricDefinition } from '../catalogue/metric-definition';
import type { ResolvedPeriod } from '../catalogue/periods';
import { CareFigures } from '../figures/care-figures';
import { careSelectionOf, careWindow } from '../figures/care-rows';
import { ChildEventsStore } from '../figures/child-events.store';
import { NEVER } from '../projection/child-history';
import { type BreakdownItem, breakdownItems, type KeyCount } from './breakdown-items';
import { BreakdownStore, type EventShapeDefinition } from './breakdown.store';
import { ageBandOf, birthOf, careKeyOf, teamKeyOf } from './child-keys';

export interface BreakdownOf {
  def: MetricDefinition;
  dimension: Dimension;
  tenant: string;
  period: ResolvedPeriod;
  asAt: number;
  scope?: Scope;
}

/**
 * A metric broken down by a dimension, from the very rows its figure counts (the rows behind a
 * count, share or open figure; the children behind a looked-after figure), each grouped by the key
 * of what was counted: so the items of a single-valued dimension add up to the figure.
 */
@Injectable()
export class BreakdownsService {
  constructor(
    private readonly store: BreakdownStore,
    private readonly care: CareFigures,
    private readonly childEvents: ChildEventsStore,
  ) {}

  async items({ def, dimension, tenant, period, asAt, scope }: BreakdownOf): Promise<BreakdownItem[]> {
    const q: FigureQuery = { tenant, scope, first: period.first, last: period.last, asAt: new Date(asAt).toISOString() };
    const d = def.definition;
    const { counts, total } =
      d.kind === 'care' ? await this.careCounts(d, q, asAt, dimension) : await this.eventCounts(d as EventShapeDefinition, q, dimension);
    return breakdownItems(def.unit, counts, total, dimension);
  }

  private async eventCounts(def: EventShapeDefinition, q: FigureQuery, dimension: Dimension): Promise<{ counts: KeyCount[]; total: number }> {
    const { groups, numerator } = await this.store.groups(def, q, dimension.from);
    const counts = groups.map((g) => ({
      key: 'age' in dimension.from ? ageBandOf(g.birth, g.day as string) : (g.key as string),
      numerator: g.numerator,
      denominator: g.denominator,
    }));
    return { counts, total: numerator };
  }

  /** The children the figure counts (projected or from the events, as the figure reads them), keyed from their own events. */
  private async careCounts(def: CareDefinition, q: FigureQuery, asAt: number, dimension: Dimension): Promise<{ counts: KeyCount[]; total: number }> {
    if ('team' in dimension.from) {
      const held = await this.care.heldRows(def, q, asAt);
      const counts = held.map(({ row, holder }) => ({ key: teamKeyOf(row, holder), numerator: row.counted ? 1 : 0, denominator: 1 }));
      return { counts, total: held.filter(({ row }) => row.counted).length };
    }
    const rows = await this.care.rows(def, q, asAt);
    const events = await this.childEvents.ofChildren(q.tenant, asAt, [...new Set(rows.map((r) => r.subject))]);
    const w = careWindow(def, q.first, q.last);
    const from = dimension.from;
    const counts = rows.map((r) => {
      const mine: CaseEvent[] = events.get(r.subject) ?? [];
      let key: string;
      if ('age' in from) key = ageBandOf(birthOf(mine), def.measure === 'looked-after' ? q.last : r.day);
      else if ('care' in from) {
        const selection = careSelectionOf(def, readCare(prepareEvents(mine, NEVER, undefined)), w);
        if (!selection) throw new Error(`child ${r.subject} is in ${def.measure} but its care says otherwise`);
        key = careKeyOf(from.care, selection, mine);
      } else throw new Error('a looked-after figure has no event field to break down by');
      return { key, numerator: r.counted ? 1 : 0, denominator: 1 };
    });
    return { counts, total: rows.filter((r) => r.counted).length };
  }
}
