import type { AlertStatus } from '@casewatch/contracts';
import { timestampText } from '@casewatch/service-kit';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
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

export interface Acknowledgement {
  tenant: string;
  alertId: string;
  by: string;
  comment: string;
}

/** An alert to insert; it fires (or, for `resolved`, is resolved) at the time given to `add`. */
export interface NewAlert {
  alertId: string;
  deadlineId: string;
  tenant: string;
  subject: string;
  rule: string;
  kind: AlertRow['kind'];
  status: AlertRow['status'];
  reason: string | null;
  teamId: string | null;
  workerId: string | null;
}

/** The alerts table. */
@Injectable()
export class AlertStore {
  constructor(private readonly dataSource: DataSource) {}

  /** A tenant's alerts, newest first, a page at a time (keyset on fired_at descending, alert_id: never an offset). */
  async list(tenant: string, f: AlertFilter, page: AlertPage): Promise<{ row: AlertRow; key: [string, string] }[]> {
    const [firedAfter, idAfter] = page.after ?? [null, null];
    const rows: (AlertRow & { fired_key: string })[] = await this.dataSource.query(
      `SELECT *, ${timestampText('fired_at')} AS fired_key FROM alerts
       WHERE tenant = $1 AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR rule = $3) AND ($4::timestamptz IS NULL OR fired_at >= $4)
         AND ($5::timestamptz IS NULL OR fired_at < $5 OR (fired_at = $5 AND alert_id COLLATE "C" > $6))
       ORDER BY fired_at DESC, alert_id COLLATE "C" LIMIT $7`,
      [tenant, f.status ?? null, f.rule ?? null, f.since === undefined ? null : new Date(f.since).toISOString(), firedAfter, idAfter, page.limit],
    );
    return rows.map(({ fired_key, ...row }) => ({ row, key: [fired_key, row.alert_id] }));
  }

  /** The acknowledged alert, or undefined when the tenant has no such alert. */
  async acknowledge(a: Acknowledgement): Promise<AlertRow | undefined> {
    // TypeORM answers an UPDATE with [rows, count].
    const [rows]: [AlertRow[], number] = await this.dataSource.query(
      `UPDATE alerts SET ack_by = $3, ack_at = now(), ack_comment = $4 WHERE tenant = $1 AND alert_id = $2 RETURNING *`,
      [a.tenant, a.alertId, a.by, a.comment],
    );
    return rows[0];
  }

  /** Of these deadlines, those that have had a due-soon or overdue alert. */
  async alertedDeadlines(m: EntityManager, deadlineIds: string[]): Promise<Set<string>> {
    const rows: { deadline_id: string }[] = await m.query(`SELECT deadline_id FROM alerts WHERE deadline_id = ANY($1::text[]) AND kind <> 'resolved'`, [
      deadlineIds,
    ]);
    return new Set(rows.map((r) => r.deadline_id));
  }

  /** Inserts the alerts that (deadline, kind) does not already hold; returns those inserted. */
  async add(m: EntityManager, alerts: NewAlert[], at: Date): Promise<AlertRow[]> {
    const columns = (pick: (a: NewAlert) => string | null) => alerts.map(pick);
    return m.query(
      `INSERT INTO alerts (alert_id, deadline_id, tenant, subject, rule, kind, status, reason, team_id, worker_id, fired_at, resolved_at)
       SELECT u.*, $11::timestamptz, CASE WHEN u.status = 'resolved' THEN $11::timestamptz END
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
         AS u(alert_id, deadline_id, tenant, subject, rule, kind, status, reason, team_id, worker_id)
       ON CONFLICT (deadline_id, kind) DO NOTHING
       RETURNING *`,
      [
        columns((a) => a.alertId),
        columns((a) => a.deadlineId),
        columns((a) => a.tenant),
        columns((a) => a.subject),
        columns((a) => a.rule),
        columns((a) => a.kind),
        columns((a) => a.status),
        columns((a) => a.reason),
        columns((a) => a.teamId),
        columns((a) => a.workerId),
        at.toISOString(),
      ],
    );
  }

  /** Marks the deadlines' still-firing alerts resolved at `at`. */
  async resolveFiring(m: EntityManager, deadlineIds: string[], at: Date): Promise<void> {
    await m.query(`UPDATE alerts SET status = 'resolved', resolved_at = $2 WHERE deadline_id = ANY($1::text[]) AND kind <> 'resolved' AND status = 'firing'`, [
      deadlineIds,
      at.toISOString(),
    ]);
  }
}
