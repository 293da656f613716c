import { Injectable } from '@nestjs/common';
import { type Dimension } from '../catalogue/breakdown-dimensions';
import type { FigureQuery, Scope } from '../catalogue/figure-query.model';
import type { CareDefinition, MetricDefinition } from '../catalogue/metric-definition';
import type { ResolvedPeriod } from '../catalogue/periods';
import { CareFigures } from '../figures/care-figures';
import { type CareRow, careWindow } from '../figures/care-rows';
import { isProjectedOpen } from '../projection/open-items';
import { ProjectedFactsStore } from '../projection/projected-facts.store';
import { ProjectionQueue } from '../projection/projection-queue';
import { type BreakdownItem, breakdownItems, type KeyCount } from './breakdown-items';
import { BreakdownStore, type EventShapeDefinition } from './breakdown.store';
import { ageBandOf, careKeyOfChild, teamKeyOf } from './child-keys';

// As FiguresService: how long a snapshot waits for the projections before reading every item from the events.
const PROJECTION_WAIT_MS = 5000;

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
    private readonly projected: ProjectedFactsStore,
    private readonly projection: ProjectionQueue,
  ) {}

  async items({ def, dimension, tenant, period, asAt, scope }: BreakdownOf): Promise<BreakdownItem[]> {
    const q: FigureQuery = { tenant, scope, first: period.first, last: period.last, asAt: new Date(asAt).toISOString() };
    const d = def.definition;
    const { counts, total } =
      d.kind === 'care' ? await this.careCounts(d, q, asAt, dimension) : await this.eventCounts(d as EventShapeDefinition, q, asAt, dimension);
    return breakdownItems(def.unit, counts, total, dimension);
  }

  private async eventCounts(def: EventShapeDefinition, q: FigureQuery, asAt: number, dimension: Dimension): Promise<{ counts: KeyCount[]; total: number }> {
    // A snapshot whose items are projected: its open items as its figure counts them, keyed by
    // what is kept with them, without reading their events. A flow's ages: the projected dates of
    // birth (a smaller table than the events) if they are up to date now, without waiting.
    const snapshot = def.kind === 'open' && isProjectedOpen(def);
    const wait = snapshot ? PROJECTION_WAIT_MS : 'age' in dimension.from ? 0 : undefined;
    const projected = wait !== undefined && (await this.projection.caughtUp(q.tenant, Date.now(), wait));
    const { groups, numerator } =
      def.kind === 'open' && snapshot && projected
        ? await this.store.projectedGroups(def, await this.projected.openItems(def, q, asAt, { holder: 'team' in dimension.from }), dimension.from, q)
        : await this.store.groups(def, q, dimension.from, projected);
    const counts = groups.map((g) => ({
      key: 'age' in dimension.from ? ageBandOf(g.birth, g.day as string) : (g.key as string),
      numerator: g.numerator,
      denominator: g.denominator,
    }));
    return { counts, total: numerator };
  }

  /**
   * The children the figure counts (projected or from the events, as the figure reads them), keyed
   * from their own events: only those the key is read from (care events, dates of birth).
   */
  private async careCounts(def: CareDefinition, q: FigureQuery, asAt: number, dimension: Dimension): Promise<{ counts: KeyCount[]; total: number }> {
    if ('team' in dimension.from) {
      const held = await this.care.heldRows(def, q, asAt);
      const counts = held.map(({ row, holder }) => ({ key: teamKeyOf(row, holder), numerator: row.counted ? 1 : 0, denominator: 1 }));
      return { counts, total: held.filter(({ row }) => row.counted).length };
    }
    const rows = await this.care.rows(def, q, asAt);
    const subjects = [...new Set(rows.map((r) => r.subject))];
    const from = dimension.from;
    let keyOf: (r: CareRow) => string;
    if ('age' in from) {
      const births = await this.store.births(q.tenant, asAt, subjects);
      keyOf = (r) => ageBandOf(births.get(r.subject), def.measure === 'looked-after' ? q.last : r.day);
    } else if ('care' in from) {
      const events = await this.store.careEvents(q.tenant, asAt, subjects);
      const w = careWindow(def, q.first, q.last);
      keyOf = (r) => careKeyOfChild(def, from.care, events.get(r.subject) ?? [], w);
    } else throw new Error('a looked-after figure has no event field to break down by');
    const counts = rows.map((r) => ({ key: keyOf(r), numerator: r.counted ? 1 : 0, denominator: 1 }));
    return { counts, total: rows.filter((r) => r.counted).length };
  }
}
