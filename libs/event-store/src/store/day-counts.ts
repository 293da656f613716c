/**
 * `event_day_counts`: per tenant, event type and practice day, how many events are counted as known
 * now, as rows of changes written with the events (+ stored, − retracted or superseded) and summed
 * on reading, so concurrent writers never wait for each other. Only days from the first of last
 * month (London) are kept: a running month's count is a sum over a few rows instead of a read of
 * every event. A row with `n` null marks a day whose count depends on the time of asking (an event
 * or correction recorded in the future): that day is counted from the events.
 */

/** The first day kept: the first of last month, London time, as the statement sees now. */
export const DAY_COUNTS_FROM = `(date_trunc('month', now() AT TIME ZONE 'Europe/London') - interval '1 month')::date`;

/**
 * Whether a practice day may be kept (a superset of DAY_COUNTS_FROM's window, whose first of last
 * month is at most 62 days back): the rows to send when DAY_COUNTS_FROM decides in the statement.
 */
export function mayBeCounted(day: string, now = Date.now()): boolean {
  return day >= new Date(now - 62 * 86_400_000).toISOString().slice(0, 10);
}

/** Changes of `rows` (tenant, type, practice_date, recorded_at; `sign` +1 or −1) into the counts. */
export function dayCountsInsert(rows: string, sign: 1 | -1, recordedAt = 'recorded_at'): string {
  return `INSERT INTO event_day_counts (tenant, type, day, n)
    SELECT tenant, type, practice_date, CASE WHEN bool_or(${recordedAt} > now()) THEN NULL ELSE ${sign === 1 ? '' : '-'}count(*)::int END
    FROM ${rows} WHERE practice_date >= ${DAY_COUNTS_FROM} GROUP BY tenant, type, practice_date`;
}
