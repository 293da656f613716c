import type { Alert } from '@casewatch/contracts';
import type { LocalDate } from '@casewatch/timescales';
import type { DataSource } from 'typeorm';
import type { AttemptOutcome, DeliveryTarget } from './delivery-queue';

export interface ClaimedDigest extends DeliveryTarget {
  digest_date: LocalDate;
}

// Any constant shared by the instances: it makes digest runs take turns.
const DIGEST_LOCK = 4_240_011;

/**
 * Gathers every waiting pending-digest delivery into one digest per subscription for `date`, in
 * one transaction: either the digest row exists with its deliveries pointing at it, or nothing
 * changed and a later run gathers them. A subscription that already has that day's digest gets
 * no second one; what arrives after it waits for the next day's.
 */
export async function assembleDigests(ds: DataSource, date: LocalDate): Promise<number> {
  return ds.transaction(async (m) => {
    await m.query('SELECT pg_advisory_xact_lock($1)', [DIGEST_LOCK]);
    const rows: unknown[] = await m.query(
      `WITH taken AS (
         UPDATE deliveries d SET digest_date = $1::date
         WHERE d.status = 'pending-digest' AND d.digest_date IS NULL
           AND NOT EXISTS (SELECT 1 FROM digests g WHERE g.subscription_id = d.subscription_id AND g.digest_date = $1::date)
         RETURNING d.subscription_id, d.tenant)
       INSERT INTO digests (subscription_id, digest_date, tenant, status, attempts, next_attempt_at)
       SELECT DISTINCT subscription_id, $1::date, tenant, 'pending', 0, now() FROM taken
       ON CONFLICT DO NOTHING RETURNING 1`,
      [date],
    );
    return rows.length;
  });
}

/** Claims due digests with a lease, as deliveries are claimed. */
export async function claimDigests(ds: DataSource, channels: string[], limit: number, lease: string): Promise<ClaimedDigest[]> {
  const [rows]: [ClaimedDigest[], number] = await ds.query(
    `UPDATE digests g SET next_attempt_at = now() + $3::interval
     FROM subscriptions s
     WHERE s.id = g.subscription_id AND (g.subscription_id, g.digest_date) IN (
       SELECT q.subscription_id, q.digest_date FROM digests q JOIN subscriptions qs ON qs.id = q.subscription_id
       WHERE q.status = 'pending' AND q.next_attempt_at <= now() AND qs.channel = ANY($1::text[])
       ORDER BY q.next_attempt_at LIMIT $2 FOR UPDATE OF q SKIP LOCKED)
     RETURNING g.subscription_id, to_char(g.digest_date, 'YYYY-MM-DD') AS digest_date, g.tenant, g.attempts, s.channel, s.target, s.secret`,
    [channels, limit, lease],
  );
  return rows;
}

/** The alerts a digest carries, oldest first. */
export async function digestAlerts(ds: DataSource, d: ClaimedDigest): Promise<Alert[]> {
  const rows: { alert: Alert & { tenant?: string } }[] = await ds.query(
    `SELECT alert FROM deliveries WHERE subscription_id = $1 AND digest_date = $2::date ORDER BY alert->>'firedAt', alert_id`,
    [d.subscription_id, d.digest_date],
  );
  return rows.map((r) => r.alert);
}

/** Records an attempt on the digest and mirrors it on the deliveries it carries, in one statement. */
export async function recordDigest(ds: DataSource, d: ClaimedDigest, o: AttemptOutcome): Promise<void> {
  await ds.query(
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
