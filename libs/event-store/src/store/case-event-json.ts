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
