import type { SubscriptionFilter } from '@casewatch/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { TenantAlert } from '../alerts/alert-row';
import { matchesFilter } from './subscription-match';

/** Where a claimed delivery or digest goes. */
export interface DeliveryTarget {
  subscription_id: string;
  tenant: string;
  attempts: number;
  channel: 'webhook' | 'email';
  target: string;
  /** The subscription's secret as stored (SecretBox), opened only to sign. */
  secret_sealed: string | null;
}

export interface ClaimedDelivery extends DeliveryTarget {
  alert_id: string;
  alert: TenantAlert;
}

/** What one attempt leads to: delivered, tried again after `waitMs`, or failed for good. */
export interface AttemptOutcome {
  attempts: number;
  status: 'delivered' | 'pending' | 'failed';
  error: string | null;
  waitMs: number;
}

/** A delivery as the API lists it. */
export interface DeliveryRow {
  alert_id: string;
  status: string;
  attempts: number;
  last_error: string | null;
  delivered_at: Date | null;
  digest_date: string | null;
}

/** The deliveries table: the outbox of alerts to subscriptions. */
@Injectable()
export class DeliveryStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The outbox: new alerts become deliveries, one per matching subscription, in the transaction
   * that created the alerts. (subscription, alert) is the key, so nothing is delivered twice
   * because it was queued twice. A daily-digest subscription's deliveries wait as pending-digest
   * until the day's digest gathers them. Returns how many are to be sent now.
   */
  async queue(m: EntityManager, alerts: TenantAlert[]): Promise<number> {
    if (alerts.length === 0) return 0;
    const tenants = [...new Set(alerts.map((a) => a.tenant))];
    const subs: { id: string; tenant: string; filter: SubscriptionFilter | null; digest: string }[] = await m.query(
      `SELECT id, tenant, filter, digest FROM subscriptions WHERE tenant = ANY($1::text[])`,
      [tenants],
    );
    const cols: string[][] = [[], [], [], [], []];
    for (const a of alerts) {
      for (const s of subs) {
        if (s.tenant !== a.tenant || !matchesFilter(a, s.filter)) continue;
        [s.id, a.alertId, a.tenant, JSON.stringify(a), s.digest === 'daily' ? 'pending-digest' : 'pending'].forEach((v, i) => cols[i].push(v));
      }
    }
    if (cols[0].length === 0) return 0;
    const rows: { status: string }[] = await m.query(
      `INSERT INTO deliveries (subscription_id, alert_id, tenant, alert, status, attempts, next_attempt_at)
       SELECT u.s, u.a, u.t, u.b::jsonb, u.st, 0, now()
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS u(s, a, t, b, st)
       ON CONFLICT DO NOTHING RETURNING status`,
      cols,
    );
    // Only immediate deliveries need the worker now; digests wait for their hour.
    return rows.filter((r) => r.status === 'pending').length;
  }

  /**
   * Claims due deliveries on the given channels with a lease (the next attempt moved on), so
   * instances share the queue and one cut short by a crash is retried once the lease ends.
   */
  async claimDue(channels: string[], limit: number, lease: string): Promise<ClaimedDelivery[]> {
    // TypeORM answers an UPDATE with [rows, count].
    const [rows]: [ClaimedDelivery[], number] = await this.dataSource.query(
      `UPDATE deliveries d SET next_attempt_at = now() + $3::interval
       FROM subscriptions s
       WHERE s.id = d.subscription_id AND (d.subscription_id, d.alert_id) IN (
         SELECT q.subscription_id, q.alert_id FROM deliveries q JOIN subscriptions qs ON qs.id = q.subscription_id
         WHERE q.status = 'pending' AND q.next_attempt_at <= now() AND qs.channel = ANY($1::text[])
         ORDER BY q.next_attempt_at LIMIT $2 FOR UPDATE OF q SKIP LOCKED)
       RETURNING d.subscription_id, d.alert_id, d.tenant, d.alert, d.attempts, s.channel, s.target, s.secret_sealed`,
      [channels, limit, lease],
    );
    return rows;
  }

  async record(subscriptionId: string, alertId: string, o: AttemptOutcome): Promise<void> {
    await this.dataSource.query(
      `UPDATE deliveries SET attempts = $3, status = $4, last_error = $5,
         next_attempt_at = now() + ($6::int * interval '1 millisecond'),
         delivered_at = CASE WHEN $4 = 'delivered' THEN now() END
       WHERE subscription_id = $1 AND alert_id = $2`,
      [subscriptionId, alertId, o.attempts, o.status, o.error, o.waitMs],
    );
  }

  /** A subscription's deliveries in alert id order. */
  ofSubscription(subscriptionId: string): Promise<DeliveryRow[]> {
    return this.dataSource.query(
      `SELECT alert_id, status, attempts, last_error, delivered_at, to_char(digest_date, 'YYYY-MM-DD') AS digest_date
       FROM deliveries WHERE subscription_id = $1 ORDER BY alert_id`,
      [subscriptionId],
    );
  }
}
