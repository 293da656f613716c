import type { Alert } from '@casewatch/contracts';

/** An alert as csc.alerts.v1 and the deliveries carry it: the API's Alert with its tenant. */
export type TenantAlert = Alert & { tenant: string };

/** A row of `alerts` as SQL returns it. */
export interface AlertRow {
  alert_id: string;
  deadline_id: string;
  tenant: string;
  subject: string;
  rule: string;
  kind: Alert['kind'];
  status: Alert['status'];
  fired_at: Date;
  resolved_at: Date | null;
  reason: string | null;
  team_id: string | null;
  worker_id: string | null;
  ack_by?: string | null;
  ack_at?: Date | null;
  ack_comment?: string | null;
}

export function toAlert(r: AlertRow): TenantAlert {
  const alert: TenantAlert = {
    tenant: r.tenant,
    alertId: r.alert_id,
    deadlineId: r.deadline_id,
    rule: r.rule,
    subject: r.subject,
    kind: r.kind,
    status: r.status,
    firedAt: r.fired_at.toISOString(),
  };
  if (r.resolved_at) alert.resolvedAt = r.resolved_at.toISOString();
  if (r.reason) alert.reason = r.reason as NonNullable<Alert['reason']>;
  if (r.ack_at) alert.acknowledged = { by: r.ack_by ?? '', at: r.ack_at.toISOString(), comment: r.ack_comment ?? '' };
  if (r.team_id) alert.teamId = r.team_id;
  if (r.worker_id) alert.workerId = r.worker_id;
  return alert;
}
