import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { FigureQuery } from '../catalogue/figure-query.model';
import type { OpenDefinition, SqlShapeDefinition } from '../catalogue/metric-definition';
import { ProjectedFactsStore } from '../projection/projected-facts.store';
import type { CasePage, CaseRow } from './case-page';
import { behindSql, caseDates } from './event-figures.store';

/**
 * The children behind a figure a page at a time, from the rows EventFiguresStore or
 * ProjectedFactsStore put behind it, in (first date, child) order.
 */
@Injectable()
export class CasePageStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly projected: ProjectedFactsStore,
  ) {}

  /** The children behind a figure counted from the events. */
  ofEvents(def: SqlShapeDefinition, q: FigureQuery, page: CasePage): Promise<CaseRow[]> {
    const { text, params } = casePageSql(behindSql(def, q), { dates: caseDates(def), first: `to_char(min(practice_date), 'YYYY-MM-DD')`, counted: true }, page);
    return this.dataSource.query(text, params);
  }

  /** The children with open items of a snapshot definition, from the projections. */
  async ofProjectedOpen({ def, q, asAt, page }: { def: OpenDefinition; q: FigureQuery; asAt: number; page: CasePage }): Promise<CaseRow[]> {
    const open = await this.projected.openItems(def, q, asAt);
    const { text, params } = casePageSql(open, { dates: 'array_agg(day ORDER BY day)', first: 'min(day)', counted: false }, page);
    return this.dataSource.query(text, params);
  }
}

/**
 * Groups the rows behind a figure (`subject` plus the columns `shape` names) by child, keyset
 * paged. Text compared with COLLATE "C", as the cursor's keys are compared in Node.
 */
function casePageSql(
  behind: { text: string; params: unknown[] },
  shape: { dates: string; first: string; counted: boolean },
  page: CasePage,
): { text: string; params: unknown[] } {
  const params = [...behind.params];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const first = `(${shape.first}) COLLATE "C"`;
  let having = '';
  if (page.after) {
    const date = p(page.after[0]);
    having = `HAVING ${first} > ${date} OR (${first} = ${date} AND subject COLLATE "C" > ${p(page.after[1])})`;
  }
  return {
    text: `SELECT subject, ${shape.dates} AS dates, ${first} AS first FROM (${behind.text}) r ${shape.counted ? 'WHERE counted' : ''}
      GROUP BY subject ${having} ORDER BY ${first}, subject COLLATE "C" LIMIT ${p(page.limit)}`,
    params,
  };
}
