import type { DataCondition, EventSelector, MetricShapeDefinition } from '../catalogue/metric-definition';

export interface FigureQuery {
  tenant: string;
  /** `la`, or the team or worker holding the child's case at the relevant date. */
  scope?: { kind: 'team' | 'worker'; id: string };
  first: string;
  last: string;
  /** ISO instant: only what was recorded (and not yet withdrawn) by then counts. */
  asAt: string;
}

/** SQL with numbered parameters, built from a metric's definition (catalogue data, never user input). */
class Sql {
  readonly params: unknown[] = [];

  p(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** The event was known at asAt and had not been retracted or replaced by then. */
  known(alias: string, asAt: string): string {
    const at = this.p(asAt);
    return `${alias}.recorded_at <= ${at} AND (${alias}.retracted_at IS NULL OR ${alias}.retracted_at > ${at})
      AND (${alias}.superseded_at IS NULL OR ${alias}.superseded_at > ${at})`;
  }

  matches(alias: string, c: DataCondition): string {
    return `(${alias}.data->>${this.p(c.field)}) = ANY(${this.p(c.anyOf.map(String))}::text[])`;
  }

  /**
   * The child's case was held by the scope's team or worker at `date`: by the latest allocation
   * event up to then, or else by the team/worker the event itself names.
   */
  inScope(alias: string, date: string, scope: FigureQuery['scope'], asAt: string): string {
    if (!scope) return 'true';
    const field = this.p(scope.kind === 'team' ? 'teamId' : 'workerId');
    const id = this.p(scope.id);
    const column = scope.kind === 'team' ? 'team_id' : 'worker_id';
    return `coalesce((
        SELECT a.type = 'csc.worker.allocated' AND a.data->>${field} = ${id}
        FROM case_events a
        WHERE a.tenant = ${alias}.tenant AND a.subject = ${alias}.subject
          AND a.type IN ('csc.worker.allocated', 'csc.worker.unallocated')
          AND a.practice_date <= ${date} AND ${this.known('a', asAt)}
        ORDER BY a.practice_at DESC, a.recorded_at DESC LIMIT 1), ${alias}.${column} = ${id}, false)`;
  }

  selector(alias: string, s: EventSelector): string {
    const parts = [`${alias}.type = ${this.p(s.type)}`];
    for (const c of s.where ?? []) parts.push(this.matches(alias, c));
    for (const c of s.whereNot ?? []) parts.push(`NOT coalesce(${this.matches(alias, c)}, false)`);
    return parts.join(' AND ');
  }
}

/** The events behind a figure: for a share, `counted` marks those in the numerator. */
function behindSql(sql: Sql, def: MetricShapeDefinition, q: FigureQuery): string {
  const tenant = sql.p(q.tenant);
  if (def.kind === 'count' || def.kind === 'share') {
    const counted = def.kind === 'share' ? def.numerator.map((c) => sql.matches('s', c)).join(' AND ') : 'true';
    return `SELECT s.subject, s.practice_date, (${counted}) AS counted
      FROM case_events s
      WHERE s.tenant = ${tenant} AND ${sql.selector('s', def.events)}
        AND s.practice_date BETWEEN ${sql.p(q.first)} AND ${sql.p(q.last)} AND ${sql.known('s', q.asAt)}
        AND ${sql.inScope('s', 's.practice_date', q.scope, q.asAt)}`;
  }
  const last = sql.p(q.last);
  return `SELECT s.subject, s.practice_date, true AS counted
    FROM case_events s
    WHERE s.tenant = ${tenant} AND ${sql.selector('s', def.starts)} AND s.practice_date <= ${last} AND ${sql.known('s', q.asAt)}
      AND ${sql.inScope('s', last, q.scope, q.asAt)}
      AND NOT EXISTS (
        SELECT 1 FROM case_events e
        WHERE e.tenant = s.tenant AND e.subject = s.subject AND e.type = ANY(${sql.p(def.ends)}::text[])
          AND e.data->>${sql.p(def.key)} = s.data->>${sql.p(def.key)}
          AND e.practice_date <= ${last} AND ${sql.known('e', q.asAt)})`;
}

/** One query returning `numerator` and `denominator` (the denominator matters only for shares). */
export function figureSql(def: MetricShapeDefinition, q: FigureQuery): { text: string; params: unknown[] } {
  const sql = new Sql();
  const rows = behindSql(sql, def, q);
  const numerator = def.kind === 'open' && def.distinct === 'subject' ? 'count(DISTINCT subject)' : 'count(*) FILTER (WHERE counted)';
  return { text: `SELECT ${numerator}::int AS numerator, count(*)::int AS denominator FROM (${rows}) b`, params: sql.params };
}

/** The children behind a figure, each once, with the practice dates that put them there. */
export function casesSql(def: MetricShapeDefinition, q: FigureQuery, limit: number): { text: string; params: unknown[] } {
  const sql = new Sql();
  const rows = behindSql(sql, def, q);
  const text = `SELECT subject, array_agg(to_char(practice_date, 'YYYY-MM-DD') ORDER BY practice_date) AS dates
    FROM (${rows}) b WHERE counted GROUP BY subject ORDER BY min(practice_date), subject LIMIT ${sql.p(limit)}`;
  return { text, params: sql.params };
}
