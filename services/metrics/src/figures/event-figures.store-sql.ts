import type { FigureQuery } from '../catalogue/figure-query.model';
import type { DataCondition, EventSelector, OpenItem } from '../catalogue/metric-definition';

/**
 * The conditions EventFiguresStore's SQL is made of, with numbered parameters, built from
 * catalogue definitions (data, never user input).
 */
export class SqlBuilder {
  readonly params: unknown[] = [];

  constructor(readonly q: FigureQuery) {}

  p(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** The event was known at asAt and had not been retracted or replaced by then. */
  known(a: string): string {
    const at = this.p(this.q.asAt);
    return `${a}.recorded_at <= ${at} AND (${a}.retracted_at IS NULL OR ${a}.retracted_at > ${at})
      AND (${a}.superseded_at IS NULL OR ${a}.superseded_at > ${at})`;
  }

  /** Same tenant and child as `s`, known at asAt. */
  sameChild(a: string, s: string): string {
    return `${a}.tenant = ${s}.tenant AND ${a}.subject = ${s}.subject AND ${this.known(a)}`;
  }

  matches(a: string, c: DataCondition): string {
    if ('containsAny' in c) return `coalesce((${a}.data->${this.p(c.field)}) ?| ${this.p(c.containsAny)}::text[], false)`;
    return `coalesce((${a}.data->>${this.p(c.field)}) = ANY(${this.p(c.anyOf.map(String))}::text[]), false)`;
  }

  /** The child's latest allocation event up to `date` does not allocate a worker. */
  unallocated(a: string, date: string): string {
    return `coalesce((
        SELECT x.type <> 'csc.worker.allocated' FROM case_events x
        WHERE ${this.sameChild('x', a)} AND x.type IN ('csc.worker.allocated', 'csc.worker.unallocated')
          AND x.practice_date <= ${date}
        ORDER BY x.practice_at DESC, x.recorded_at DESC LIMIT 1), true)`;
  }

  selector(a: string, s: EventSelector): string {
    const parts = [`${a}.type = ${this.p(s.type)}`];
    for (const c of s.where ?? []) parts.push(this.matches(a, c));
    for (const c of s.whereNot ?? []) parts.push(`NOT ${this.matches(a, c)}`);
    return parts.join(' AND ');
  }

  /** `a` is one of the tenant's events of the selector, known at asAt, in scope at `date`. */
  selected(a: string, s: EventSelector, date: string): string {
    return `${a}.tenant = ${this.p(this.q.tenant)} AND ${this.selector(a, s)} AND ${this.known(a)} AND ${this.inScope(a, date)}`;
  }

  /** The item started by `s` has no closing event up to `date`. */
  stillOpen(s: string, item: OpenItem, date: string, alias = 'e'): string {
    return `NOT EXISTS (
      SELECT 1 FROM case_events ${alias}
      WHERE ${this.sameChild(alias, s)} AND ${alias}.type = ANY(${this.p(item.ends)}::text[])
        AND ${alias}.data->>${this.p(item.key)} = ${s}.data->>${this.p(item.key)} AND ${alias}.practice_date <= ${date})`;
  }

  /**
   * The child's case was held by the scope's team or worker at `date`: by the latest allocation
   * event up to then, or else by the team/worker the event itself names.
   */
  inScope(a: string, date: string): string {
    const scope = this.q.scope;
    if (!scope) return 'true';
    const id = this.p(scope.id);
    // The columns hold the data's teamId/workerId (strings, as the contracts require them).
    const column = scope.kind === 'team' ? 'team_id' : 'worker_id';
    return `coalesce((
        SELECT x.type = 'csc.worker.allocated' AND x.${column} = ${id}
        FROM case_events x
        WHERE ${this.sameChild('x', a)} AND x.type IN ('csc.worker.allocated', 'csc.worker.unallocated')
          AND x.practice_date <= ${date}
        ORDER BY x.practice_at DESC, x.recorded_at DESC LIMIT 1), ${a}.${column} = ${id}, false)`;
  }
}
