import type { CaseEvent } from '@casewatch/contracts';

// Times as the rule engine reads them (RFC 3339, UTC, milliseconds), formatted by PostgreSQL.
const utc = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * SQL for a stored case event (table alias `e`) as the CloudEvent it came as. Aggregated with
 * json_agg, a page of events reaches Node as one string parsed at once: row by row, the driver's
 * per-column date and JSON parsing cost more than evaluating the events.
 */
export function caseEventJson(e: string): string {
  return `json_build_object('specversion', '1.0', 'id', ${e}.event_id, 'source', ${e}.source, 'type', ${e}.type,
    'time', ${utc(`${e}.practice_at`)}, 'subject', ${e}.subject, 'tenant', ${e}.tenant,
    'recordedtime', ${utc(`${e}.recorded_at`)}, 'data', ${e}.data)`;
}

/** Epoch ms of a timestamptz column, as float8 (date_part, not extract: numeric is slower). */
const epochMs = (column: string) => `round(date_part('epoch', ${column}) * 1000)`;

/**
 * SQL for a stored case event (alias `e`) as a compact JSON array read back with
 * fromCaseEventArray: times as epoch ms, no keys. Half of caseEventJson's cost in PostgreSQL,
 * which formats no dates and builds no objects; `extra` columns follow, read by the caller.
 */
export function caseEventArray(e: string, ...extra: string[]): string {
  return `json_build_array(${e}.event_id, ${e}.source, ${e}.type, ${epochMs(`${e}.practice_at`)}, ${e}.subject, ${e}.tenant,
    ${epochMs(`${e}.recorded_at`)}, ${e}.data${extra.map((x) => `, ${x}`).join('')})`;
}

/** The event of a caseEventArray row, as caseEventJson gives it (times in RFC 3339, UTC, ms). */
export function fromCaseEventArray(a: unknown[]): CaseEvent {
  return {
    specversion: '1.0',
    id: a[0] as string,
    source: a[1] as string,
    type: a[2] as CaseEvent['type'],
    time: new Date(a[3] as number).toISOString(),
    subject: a[4] as string,
    tenant: a[5] as string,
    recordedtime: new Date(a[6] as number).toISOString(),
    data: a[7],
  } as CaseEvent;
}
