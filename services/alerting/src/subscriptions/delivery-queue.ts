import type { Alert, SubscriptionFilter } from '@casewatch/contracts';
import type { EntityManager } from 'typeorm';
import { matchesFilter } from './subscription-match';

type TenantAlert = Alert & { tenant: string };

/**
 * The outbox: new alerts become deliveries, one per matching subscription, in the transaction
 * that created the alerts. (subscription, alert) is the key, so nothing is delivered twice
 * because it was queued twice.
 */
export async function queueDeliveries(m: EntityManager, alerts: TenantAlert[]): Promise<number> {
  if (alerts.length === 0) return 0;
  const tenants = [...new Set(alerts.map((a) => a.tenant))];
  const subs: { id: string; tenant: string; filter: SubscriptionFilter | null }[] = await m.query(
    `SELECT id, tenant, filter FROM subscriptions WHERE tenant = ANY($1::text[]) AND channel = 'webhook' AND digest = 'none'`,
    [tenants],
  );
  const subIds: string[] = [];
  const alertIds: string[] = [];
  const tenantCol: string[] = [];
  const bodies: string[] = [];
  for (const a of alerts) {
    for (const s of subs) {
      if (s.tenant !== a.tenant || !matchesFilter(a, s.filter)) continue;
      subIds.push(s.id);
      alertIds.push(a.alertId);
      tenantCol.push(a.tenant);
      bodies.push(JSON.stringify(a));
    }
  }
  if (subIds.length === 0) return 0;
  const rows: unknown[] = await m.query(
    `INSERT INTO deliveries (subscription_id, alert_id, tenant, alert, status, attempts, next_attempt_at)
     SELECT u.s, u.a, u.t, u.b::jsonb, 'pending', 0, now() FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u(s, a, t, b)
     ON CONFLICT DO NOTHING RETURNING 1`,
    [subIds, alertIds, tenantCol, bodies],
  );
  return rows.length;
}
