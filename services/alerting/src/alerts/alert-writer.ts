import { alertKey, TOPICS } from '@casewatch/contracts';
import { BatchingPublisher } from '@casewatch/kafka';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queueDeliveries } from '../subscriptions/delivery-queue';
import { DeliveryWorker } from '../subscriptions/delivery-worker';
import { toAlert, type AlertRow } from './alert-row';
import { alertsFor, resolutionReason, type TrackedState } from './alert-transitions';

export interface DeadlineStateChange {
  deadlineId: string;
  tenant: string;
  subject: string;
  rule: string;
  state: TrackedState;
  teamId: string | null;
  workerId: string | null;
}

export { toAlert, type AlertRow } from './alert-row';

/**
 * Inserts the alerts that state changes call for, inside the caller's transaction, and publishes
 * the new ones to csc.alerts.v1 before that transaction commits: a crash before the commit
 * leaves no alert row, so the retry fires again and a subscriber is told once per kind.
 */
@Injectable()
export class AlertWriter {
  constructor(
    private readonly publisher: BatchingPublisher,
    private readonly deliveries: DeliveryWorker,
  ) {}

  async write(m: EntityManager, changes: DeadlineStateChange[], now: Date): Promise<number> {
    if (changes.length === 0) return 0;
    const firing = new Set(
      (
        (await m.query(`SELECT deadline_id FROM alerts WHERE deadline_id = ANY($1::text[]) AND kind <> 'resolved'`, [changes.map((c) => c.deadlineId)])) as {
          deadline_id: string;
        }[]
      ).map((r) => r.deadline_id),
    );
    const rows: unknown[][] = [[], [], [], [], [], [], [], [], [], []];
    const resolvedIds: string[] = [];
    for (const c of changes) {
      for (const kind of alertsFor(c.state, firing.has(c.deadlineId))) {
        const values = [
          `${c.deadlineId}.${kind}`,
          c.deadlineId,
          c.tenant,
          c.subject,
          c.rule,
          kind,
          kind === 'resolved' ? 'resolved' : 'firing',
          kind === 'resolved' ? resolutionReason(c.state) : null,
          c.teamId,
          c.workerId,
        ];
        values.forEach((v, i) => rows[i].push(v));
        if (kind === 'resolved') resolvedIds.push(c.deadlineId);
      }
    }
    if (rows[0].length === 0) return 0;
    const inserted: AlertRow[] = await m.query(
      `INSERT INTO alerts (alert_id, deadline_id, tenant, subject, rule, kind, status, reason, team_id, worker_id, fired_at, resolved_at)
       SELECT u.*, $11::timestamptz, CASE WHEN u.status = 'resolved' THEN $11::timestamptz END
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
         AS u(alert_id, deadline_id, tenant, subject, rule, kind, status, reason, team_id, worker_id)
       ON CONFLICT (deadline_id, kind) DO NOTHING
       RETURNING *`,
      [...rows, now.toISOString()],
    );
    const fresh = inserted.filter((r) => r.kind === 'resolved').map((r) => r.deadline_id);
    if (fresh.length > 0) {
      await m.query(
        `UPDATE alerts SET status = 'resolved', resolved_at = $2 WHERE deadline_id = ANY($1::text[]) AND kind <> 'resolved' AND status = 'firing'`,
        [fresh, now.toISOString()],
      );
    }
    if (inserted.length > 0) {
      const alerts = inserted.map(toAlert);
      await this.publisher.publish(
        TOPICS.alerts,
        alerts.map((a) => ({ key: alertKey(a.tenant, a.deadlineId), value: JSON.stringify(a) })),
      );
      if ((await queueDeliveries(m, alerts)) > 0) this.deliveries.wake();
    }
    return inserted.length;
  }
}
