import type { AlertStatus } from '@casewatch/contracts';
import type { DataSource } from 'typeorm';
import { timestampText } from '@casewatch/service-kit';
import type { AlertRow } from './alert-row';

export interface AlertFilter {
  status?: AlertStatus;
  rule?: string;
  /** Epoch ms: alerts fired at or after. */
  since?: number;
}

/** Rows to read after the sort key (fired_at to the microsecond, alert_id) of the previous page's last. */
export interface AlertPage {
  limit: number;
  after?: [string, string];
}

/** A tenant's alerts, newest first, a page at a time (keyset on fired_at descending, alert_id: never an offset). */
export async function listAlerts(db: DataSource, tenant: string, f: AlertFilter, page: AlertPage): Promise<{ row: AlertRow; key: [string, string] }[]> {
  const [firedAfter, idAfter] = page.after ?? [null, null];
  const rows: (AlertRow & { fired_key: string })[] = await db.query(
    `SELECT *, ${timestampText('fired_at')} AS fired_key FROM alerts
     WHERE tenant = $1 AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR rule = $3) AND ($4::timestamptz IS NULL OR fired_at >= $4)
       AND ($5::timestamptz IS NULL OR fired_at < $5 OR (fired_at = $5 AND alert_id COLLATE "C" > $6))
     ORDER BY fired_at DESC, alert_id COLLATE "C" LIMIT $7`,
    [tenant, f.status ?? null, f.rule ?? null, f.since === undefined ? null : new Date(f.since).toISOString(), firedAfter, idAfter, page.limit],
  );
  return rows.map(({ fired_key, ...row }) => ({ row, key: [fired_key, row.alert_id] }));
}
