// SQL pieces both ways of grouping a breakdown share (from the events, from the projected items).
import { NEVER } from '../projection/child-history';

/**
 * The key `k.key` read from a JSON column's field: a single value, else `unknown`; `multi`, an
 * array's values each (an absent or empty one `unknown`). `field`, `unknown`: placed parameters.
 */
export function eventKeyJoin(json: string, field: string, unknown: string, multi: boolean): string {
  return multi
    ? `CROSS JOIN LATERAL (SELECT DISTINCT x AS key FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(${json}->${field}) = 'array'
         AND jsonb_array_length(${json}->${field}) > 0 THEN ${json}->${field} ELSE jsonb_build_array(${unknown}::text) END) x) k`
    : `CROSS JOIN LATERAL (SELECT coalesce(${json}->>${field}, ${unknown}) AS key) k`;
}

/**
 * The child's latest date of birth known at `asAt` (epoch ms parameter), projected: the span no
 * later record has ended (ix_projected_facts_births holds all it reads).
 */
export function projectedBirthSql(subject: string, tenant: string, asAt: string): string {
  return `SELECT f.day FROM projected_facts f WHERE f.tenant = ${tenant} AND f.subject = ${subject} AND f.kind = 'birth' AND f.to_at = ${NEVER}
    AND f.known_from <= ${asAt} AND f.known_to > ${asAt} LIMIT 1`;
}
