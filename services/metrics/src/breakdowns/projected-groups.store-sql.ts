// A snapshot's breakdown from its projected open items alone (the keys kept with each item, the
// holder and date of birth beside it): the same groups as groupsSql reads from the events.
import type { DimensionSource } from '../catalogue/breakdown-dimensions';
import { UNKNOWN_KEY } from '../catalogue/breakdown-dimensions';
import type { FigureQuery } from '../catalogue/figure-query.model';
import type { OpenDefinition } from '../catalogue/metric-definition';
import { eventKeyJoin, projectedBirthSql } from './breakdown-keys.store-sql';

/**
 * `items`: ProjectedFactsStore.openItems' SQL with its keyed columns (subject, day, team_id, keys,
 * and held_day, held_team for teams). As groupsSql: a child counts once when the figure counts
 * children, under its latest item's key for a single-valued dimension (latest by day, then the
 * greatest key); under each team whose scope counts it.
 */
export function projectedGroupsSql(
  def: OpenDefinition,
  items: { text: string; params: unknown[] },
  from: DimensionSource,
  q: FigureQuery,
): { text: string; params: unknown[] } {
  const params = [...items.params];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  // Placed only where used: PostgreSQL refuses a parameter it cannot type.
  let unknownParam: string | undefined;
  const unknown = () => (unknownParam ??= `${p(UNKNOWN_KEY)}::text`);
  const bySubject = def.distinct === 'subject';
  const multi = ('event' in from && from.multi === true) || 'team' in from;
  const count = bySubject ? 'count(DISTINCT c.subject)' : 'count(*)';
  let key: string;
  let latest = '';
  let group = `k.key, NULL::text AS day, NULL::text AS birth`;
  if ('event' in from) {
    const field = `${p(from.event)}::text`;
    latest = `, coalesce(keys->>${field}, ${unknown()}) DESC`;
    key = eventKeyJoin('c.keys', field, unknown(), multi);
  } else if ('age' in from) {
    // A snapshot's ages at the period end, from the child's latest date of birth known at asAt
    // (the span no later record has ended), looked up once per row counted.
    key = `LEFT JOIN LATERAL (SELECT (${projectedBirthSql('c.subject', p(q.tenant), p(Date.parse(q.asAt)))}) AS birth) k ON true`;
    group = `NULL::text AS key, ${p(q.last)}::text AS day, k.birth`;
  } else if ('team' in from) {
    // As the scope of a team: the holder's at the period end ('' once unallocated), else the item's own.
    key = `CROSS JOIN LATERAL (SELECT coalesce(nullif(CASE WHEN c.held_day IS NULL THEN c.team_id WHEN c.held_day = 'allocated' THEN c.held_team ELSE '' END, ''),
      ${unknown()}) AS key) k`;
  } else {
    throw new Error('a snapshot has no care to break down by');
  }
  const rows = bySubject && !multi ? `SELECT DISTINCT ON (subject) * FROM i ORDER BY subject, day DESC ${latest}` : 'SELECT * FROM i';
  const grouped = group.replace(/ AS \w+/g, '');
  const text = `WITH i AS (${items.text}), c AS (${rows}),
      t AS (SELECT ${count}::int AS total_n, ${count}::int AS total_d FROM c)
    SELECT g.*, t.total_n, t.total_d FROM t LEFT JOIN (
      SELECT ${group}, ${count}::int AS numerator, ${count}::int AS denominator
      FROM c ${key} GROUP BY ${grouped}) g ON true`;
  return { text, params };
}
