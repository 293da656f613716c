import type { Alert } from '@casewatch/contracts';
import type { LocalDate } from '@casewatch/timescales';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { toAlert, type AlertRow } from '../alerts/alert-row';
import type { AttemptOutcome, DeliveryTarget } from './delivery.store';

export interface ClaimedDigest extends DeliveryTarget {
  digest_date: LocalDate;
}

// Any constant shared by the instances: it makes digest runs take turns.
const DIGEST_LOCK = 4_240_011;

/** What a digest carries: the alerts since the last digest and the day's reminders, each oldest first. */
export interface DigestContent {
  alerts: Alert[];
  reminders: Alert[];
}

/** The digests table and the day's reminders: deliveries of daily subscriptions gathered into one message a day. */
@Injectable()
export class DigestStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Gathers every waiting pending-digest delivery into one digest per subscription for `date`, in
   * one transaction: either the digest row exists with its deliveries pointing at it, or nothing
   * changed and a later run gathers them. A subscription that already has that day's digest gets
   * no second one; what arrives after it waits for the next day's.
   *
   * The same transaction decides the day's reminders (issue 4: an alert repeats until it is
   * acknowledged): every `overdue` alert the subscription was sent in an earlier digest whose alert
   * is still firing and unacknowledged, and whose deadline is still overdue, is stored with the
   * digest, as it stands now. A retried digest therefore sends the same reminders, and a
   * subscription with only reminders still gets its digest that day.
   */
  async assemble(date: LocalDate): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock($1)', [DIGEST_LOCK]);
      const noDigestYet = 'NOT EXISTS (SELECT 1 FROM digests g WHERE g.subscription_id = d.subscription_id AND g.digest_date = $1::date)';
      const taken: { subscription_id: string; tenant: string }[] = await m.query(
        `WITH taken AS (
           UPDATE deliveries d SET digest_date = $1::date
           WHERE d.status = 'pending-digest' AND d.digest_date IS NULL AND ${noDigestYet}
           RETURNING d.subscription_id, d.tenant)
         SELECT DISTINCT subscription_id, tenant FROM taken`,
        [date],
      );
      // Prior deliveries to the subscription: what it was told is what it is reminded of, without
      // matching its filter again.
      const reminders: (AlertRow & { subscription_id: string })[] = await m.query(
        `SELECT d.subscription_id, a.* FROM deliveries d
           JOIN subscriptions s ON s.id = d.subscription_id
           JOIN alerts a ON a.alert_id = d.alert_id
           JOIN deadlines dl ON dl.deadline_id = a.deadline_id
         WHERE s.digest = 'daily' AND d.status = 'delivered' AND d.digest_date < $1::date
           AND a.kind = 'overdue' AND a.status = 'firing' AND a.ack_at IS NULL AND dl.state = 'overdue'
           AND ${noDigestYet}`,
        [date],
      );
      const tenants = new Map(taken.map((t) => [t.subscription_id, t.tenant]));
      for (const r of reminders) tenants.set(r.subscription_id, r.tenant);
      if (tenants.size === 0) return 0;
      const made: unknown[] = await m.query(
        `INSERT INTO digests (subscription_id, digest_date, tenant, status, attempts, next_attempt_at)
         SELECT u.s, $1::date, u.t, 'pending', 0, now() FROM unnest($2::text[], $3::text[]) AS u(s, t)
         ON CONFLICT DO NOTHING RETURNING 1`,
        [date, [...tenants.keys()], [...tenants.values()]],
      );
      if (reminders.length > 0) {
        await m.query(
          `INSERT INTO digest_reminders (subscription_id, digest_date, alert_id, alert)
           SELECT u.s, $1::date, u.a, u.b::jsonb FROM unnest($2::text[], $3::text[], $4::text[]) AS u(s, a, b)
           ON CONFLICT DO NOTHING`,
          [date, reminders.map((r) => r.subscription_id), reminders.map((r) => r.alert_id), reminders.map((r) => JSON.stringify(toAlert(r)))],
        );
      }
      return made.length;
    });
  }

  /** Claims due digests with a lease, as deliveries are claimed. */
  async claimDue(channels: string[], limit: number, lease: string): Promise<ClaimedDigest[]> {
    // TypeORM answers an UPDATE with [rows, count].
    const [rows]: [ClaimedDigest[], number] = await this.dataSource.query(
      `UPDATE digests g SET next_attempt_at = now() + $3::interval
       FROM subscriptions s
       WHERE s.id = g.subscription_id AND (g.subscription_id, g.digest_date) IN (
         SELECT q.subscription_id, q.digest_date FROM digests q JOIN subscriptions qs ON qs.id = q.subscription_id
         WHERE q.status = 'pending' AND q.next_attempt_at <= now() AND qs.channel = ANY($1::text[])
         ORDER BY q.next_attempt_at LIMIT $2 FOR UPDATE OF q SKIP LOCKED)
       RETURNING g.subscription_id, to_char(g.digest_date, 'YYYY-MM-DD') AS digest_date, g.tenant, g.attempts, s.channel, s.target, s.secret_sealed`,
      [channels, limit, lease],
    );
    return rows;
  }

  async contentOf(d: ClaimedDigest): Promise<DigestContent> {
    const rows: { alert: Alert & { tenant?: string }; reminder: boolean }[] = await this.dataSource.query(
      `SELECT alert, reminder FROM (
         SELECT alert, alert_id, false AS reminder FROM deliveries WHERE subscription_id = $1 AND digest_date = $2::date
         UNION ALL
         SELECT alert, alert_id, true FROM digest_reminders WHERE subscription_id = $1 AND digest_date = $2::date) c
       ORDER BY reminder, alert->>'firedAt', alert_id`,
      [d.subscription_id, d.digest_date],
    );
    return { alerts: rows.filter((r) => !r.reminder).map((r) => r.alert), reminders: rows.filter((r) => r.reminder).map((r) => r.alert) };
  }

  /** Records an attempt on the digest and mirrors it on the deliveries it carries, in one statement. */
  async record(d: ClaimedDigest, o: AttemptOutcome): Promise<void> {
    await this.dataSource.query(
      `WITH g AS (
         UPDATE digests SET attempts = $3, status = $4, last_error = $5,
           next_attempt_at = now() + ($6::int * interval '1 millisecond'),
           delivered_at = CASE WHEN $4 = 'delivered' THEN now() END
         WHERE subscription_id = $1 AND digest_date = $2::date RETURNING 1)
       UPDATE deliveries SET attempts = $3, last_error = $5,
         status = CASE WHEN $4 = 'pending' THEN status ELSE $4 END,
         delivered_at = CASE WHEN $4 = 'delivered' THEN now() END
       WHERE subscription_id = $1 AND digest_date = $2::date AND EXISTS (SELECT 1 FROM g)`,
      [d.subscription_id, d.digest_date, o.attempts, o.status, o.error, o.waitMs],
    );
  }
}
