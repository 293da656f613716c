import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { FigureQuery } from '../catalogue/figure-query.model';
import type {
  CaseloadDefinition,
  CountDefinition,
  IntervalDefinition,
  LatestDefinition,
  NumeratorTerm,
  OpenDefinition,
  ShareDefinition,
  SqlShapeDefinition,
} from '../catalogue/metric-definition';
import { SqlBuilder } from './event-figures.store-sql';

/** Figures counted straight from case_events, by SQL built from the catalogue's definitions. */
@Injectable()
export class EventFiguresStore {
  constructor(private readonly dataSource: DataSource) {}

  /** `numerator` and `denominator` of a count, share, open, latest or caseload figure. */
  async counts(def: SqlShapeDefinition, q: FigureQuery): Promise<{ numerator: number; denominator: number | null }> {
    const { text, params } = figureSql(def, q);
    const [row]: { numerator: number; denominator: number | null }[] = await this.dataSource.query(text, params);
    return row;
  }

  /** The first and last date (`YYYY-MM-DD`) of each interval behind an interval figure. */
  intervalDates(def: IntervalDefinition, q: FigureQuery): Promise<{ from_date: string; to_date: string }[]> {
    const { text, params } = behindSql(def, q);
    return this.dataSource.query(`SELECT to_char(from_date, 'YYYY-MM-DD') AS from_date, to_char(to_date, 'YYYY-MM-DD') AS to_date FROM (${text}) r`, params);
  }
}

/** What the rows behind a figure carry beyond what every reader needs. */
export interface BehindOptions {
  /** The counted event's JSON (`data`; else null): only a breakdown by an event's field reads it. */
  data?: boolean;
}

type Build<D> = (b: SqlBuilder, def: D, o: BehindOptions) => string;

/**
 * Rows behind a figure, per definition kind: `subject`, `practice_date`, `counted` (in the
 * numerator), for counts, shares and open items the counted event's `practice_at`, `data` and `team_id`
 * (breakdowns group by them) and, for intervals, `from_date` / `to_date`. Aggregates and drill-downs are both
 * built on these, so a figure and its cases never disagree.
 */
const BEHIND: { [K in SqlShapeDefinition['kind']]: Build<Extract<SqlShapeDefinition, { kind: K }>> } = {
  count: (b, def: CountDefinition, o) => flowRows(b, def.events, 'true', o),
  share: (b, def: ShareDefinition, o) =>
    def.numerator.some((t) => windowed(def, t) !== undefined)
      ? priorWindowRows(b, def, o)
      : flowRows(b, def.events, def.numerator.map((t) => term(b, t)).join(' OR '), o),
  open: openRows,
  interval: intervalRows,
  latest: (b, def: LatestDefinition) => {
    const last = b.p(b.q.last);
    return `SELECT DISTINCT ON (s.subject) s.subject, s.practice_date, coalesce((s.data->>${b.p(def.field)}) = 'true', false) AS counted
      FROM case_events s
      WHERE ${b.selected('s', { type: def.events }, last)} AND s.practice_date <= ${last}
      ORDER BY s.subject, s.practice_at DESC, s.recorded_at DESC`;
  },
  caseload: caseloadRows,
};

/** The period's events of the selector as `s`, read from `source` (case_events, or rows made from them). */
function flowRows(b: SqlBuilder, events: ShareDefinition['events'], counted: string, o: BehindOptions, source = 'case_events s'): string {
  return `SELECT s.subject, s.practice_date, (${counted}) AS counted, s.practice_at, ${o.data === false ? 'NULL::jsonb AS data' : 's.data'}, s.team_id
    FROM ${source}
    WHERE ${b.selected('s', events, 's.practice_date')} AND s.practice_date BETWEEN ${b.p(b.q.first)} AND ${b.p(b.q.last)}`;
}

/** The days of a term "an earlier event of the counted type within N days", else undefined. */
function windowed(def: ShareDefinition, t: NumeratorTerm): number | undefined {
  return 'prior' in t && t.prior === def.events.type && t.withinDays !== undefined ? t.withinDays : undefined;
}

/**
 * A share whose numerator asks for an earlier event of the counted type within N days: the
 * period's events and the N days before it read once (ix_case_events_prior_window holds all a
 * count or a team breakdown reads), each row's latest earlier date taken by a window over the
 * child's, instead of a probe per row. As `term`'s EXISTS: any type-T event known at asAt, in
 * scope or not, practised strictly before (equal instants are peers, excluded), on or after the
 * row's date less N days (practice dates follow practice instants). Children are told apart
 * bytewise (COLLATE "C"): the sort needs no locale.
 */
function priorWindowRows(b: SqlBuilder, def: ShareDefinition, o: BehindOptions): string {
  const lookback = b.p(Math.max(...def.numerator.map((t) => windowed(def, t) ?? 0)));
  const counted = def.numerator
    .map((t) => {
      const days = windowed(def, t);
      return days === undefined ? term(b, t) : `coalesce(s.prior_date >= s.practice_date - ${b.p(days)}::int, false)`;
    })
    .join(' OR ');
  const source = `(SELECT w.tenant, w.subject, w.type, w.practice_at, w.practice_date, w.recorded_at, w.retracted_at, w.superseded_at, w.team_id, w.worker_id, w.data,
      max(w.practice_date) OVER (PARTITION BY w.subject COLLATE "C" ORDER BY w.practice_at RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW EXCLUDE GROUP) AS prior_date
    FROM case_events w
    WHERE w.tenant = ${b.p(b.q.tenant)} AND w.type = ${b.p(def.events.type)} AND ${b.known('w')}
      AND w.practice_date BETWEEN ${b.p(b.q.first)}::date - ${lookback}::int AND ${b.p(b.q.last)}) s`;
  // The period's rows of the window, selected (scope included) as any flow's.
  return flowRows(b, def.events, counted, o, source);
}

function term(b: SqlBuilder, t: NumeratorTerm): string {
  if ('prior' in t) {
    const within = t.withinDays === undefined ? '' : `AND p.practice_date >= s.practice_date - ${b.p(t.withinDays)}::int`;
    return `EXISTS (SELECT 1 FROM case_events p WHERE ${b.sameChild('p', 's')} AND p.type = ${b.p(t.prior)}
      AND p.practice_at < s.practice_at ${within})`;
  }
  if ('later' in t) {
    return `EXISTS (SELECT 1 FROM case_events l WHERE ${b.sameChild('l', 's')} AND l.type = ${b.p(t.later)}
      AND l.practice_at >= s.practice_at AND ${b.matches('l', t.data)}
      AND NOT EXISTS (SELECT 1 FROM case_events n WHERE ${b.sameChild('n', 's')} AND n.type = s.type
        AND n.practice_at > s.practice_at AND n.practice_at <= l.practice_at))`;
  }
  return b.matches('s', t.data);
}

function openRows(b: SqlBuilder, def: OpenDefinition): string {
  const last = b.p(b.q.last);
  const age = def.minAgeDays === undefined ? '' : `AND s.practice_date < ${last}::date - ${b.p(def.minAgeDays)}::int`;
  const unallocated = def.unallocated ? `AND ${b.unallocated('s', last)}` : '';
  const also = def.alsoOpen
    ? `AND EXISTS (SELECT 1 FROM case_events o WHERE ${b.sameChild('o', 's')} AND ${b.selector('o', def.alsoOpen.starts)}
         AND o.practice_date <= ${last} AND ${b.stillOpen('o', def.alsoOpen, last, 'oe')})`
    : '';
  const counted = def.shareWith
    ? `(SELECT count(*) FROM case_events pl WHERE ${b.sameChild('pl', 's')} AND pl.type = ANY(${b.p(def.shareWith.events)}::text[])
         AND pl.practice_date > ${last}::date - ${b.p(def.shareWith.withinDays)}::int AND pl.practice_date <= ${last}) >= ${b.p(def.shareWith.atLeast)}`
    : 'true';
  return `SELECT s.subject, s.practice_date, (${counted}) AS counted, s.practice_at, s.data, s.team_id
    FROM case_events s
    WHERE ${b.selected('s', def.starts, last)} AND s.practice_date <= ${last} ${age} ${unallocated} ${also}
      AND ${b.stillOpen('s', def, last)}`;
}

function intervalRows(b: SqlBuilder, def: IntervalDefinition): string {
  const fromKey = def.from.key ? `AND f.data->>${b.p(def.from.key)} = s.data->>${b.p(def.from.key)}` : '';
  const to = def.to
    ? `JOIN LATERAL (SELECT t.practice_date FROM case_events t WHERE ${b.sameChild('t', 's')} AND t.type = ${b.p(def.to.type)}
         AND t.data->>${b.p(def.to.key)} = s.data->>${b.p(def.to.key)} ORDER BY t.practice_at DESC LIMIT 1) tt ON true`
    : '';
  return `SELECT s.subject, s.practice_date, true AS counted, ff.practice_date AS from_date, ${def.to ? 'tt' : 's'}.practice_date AS to_date
    FROM case_events s
    JOIN LATERAL (SELECT f.practice_date FROM case_events f WHERE ${b.sameChild('f', 's')} AND f.type = ${b.p(def.from.type)}
      AND f.practice_at <= s.practice_at ${fromKey} ORDER BY f.practice_at DESC LIMIT 1) ff ON true
    ${to}
    WHERE ${b.selected('s', def.select, 's.practice_date')} AND s.practice_date BETWEEN ${b.p(b.q.first)} AND ${b.p(b.q.last)}`;
}

/** Children whose latest allocation event up to the period end allocates them (to the scope's worker or team). */
function caseloadRows(b: SqlBuilder, _def: CaseloadDefinition): string {
  const last = b.p(b.q.last);
  const scope = b.q.scope;
  const filter = scope ? `AND a.data->>${b.p(scope.kind === 'team' ? 'teamId' : 'workerId')} = ${b.p(scope.id)}` : '';
  return `SELECT a.subject, a.practice_date, true AS counted, a.data->>'workerId' AS worker
    FROM (SELECT DISTINCT ON (x.subject) x.* FROM case_events x
          WHERE x.tenant = ${b.p(b.q.tenant)} AND x.type IN ('csc.worker.allocated', 'csc.worker.unallocated')
            AND x.practice_date <= ${last} AND ${b.known('x')}
          ORDER BY x.subject, x.practice_at DESC, x.recorded_at DESC) a
    WHERE a.type = 'csc.worker.allocated' ${filter}`;
}

export function behindSql(def: SqlShapeDefinition, q: FigureQuery, o: BehindOptions = {}): { text: string; params: unknown[] } {
  const b = new SqlBuilder(q);
  const build = BEHIND[def.kind] as Build<SqlShapeDefinition>;
  return { text: build(b, def, o), params: b.params };
}

/** `numerator` and `denominator` of a count, share, open, latest or caseload figure, in one query. */
export function figureSql(def: SqlShapeDefinition, q: FigureQuery): { text: string; params: unknown[] } {
  const { text, params } = behindSql(def, q);
  if (def.kind === 'caseload') {
    const agg = def.aggregate === 'max' ? 'max(n)' : 'avg(n)';
    return {
      text: `SELECT coalesce(${agg}, 0)::float AS numerator, count(*)::int AS denominator FROM (SELECT worker, count(*) AS n FROM (${text}) r GROUP BY worker) w`,
      params,
    };
  }
  const bySubject = def.kind === 'open' && (def.distinct === 'subject' || def.shareWith);
  const numerator = bySubject ? 'count(DISTINCT subject) FILTER (WHERE counted)' : 'count(*) FILTER (WHERE counted)';
  const denominator = bySubject ? 'count(DISTINCT subject)' : 'count(*)';
  return { text: `SELECT ${numerator}::int AS numerator, ${denominator}::int AS denominator FROM (${text}) r`, params };
}

/** The dates that put a child behind a figure, as an aggregate over its rows. */
export function caseDates(def: SqlShapeDefinition): string {
  return def.kind === 'interval'
    ? `array_agg(to_char(from_date, 'YYYY-MM-DD') || '/' || to_char(to_date, 'YYYY-MM-DD') ORDER BY practice_date)`
    : `array_agg(to_char(practice_date, 'YYYY-MM-DD') ORDER BY practice_date)`;
}

/** The children behind a figure, each once, with the dates that put them there. */
export function casesSql(def: SqlShapeDefinition, q: FigureQuery, limit: number): { text: string; params: unknown[] } {
  const { text, params } = behindSql(def, q);
  const dates = caseDates(def);
  params.push(limit);
  return {
    text: `SELECT subject, ${dates} AS dates FROM (${text}) r WHERE counted GROUP BY subject ORDER BY min(practice_date), subject LIMIT $${params.length}`,
    params,
  };
}
