import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reminders a daily digest carries: overdue alerts sent to the subscription in an earlier
 * digest and still firing, unacknowledged, when the digest was assembled (with the alert as it was
 * then), so that a retried digest sends the same body.
 */
export class DigestReminders1764300000000 implements MigrationInterface {
  name = 'DigestReminders1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "digest_reminders" ("subscription_id" text NOT NULL, "digest_date" date NOT NULL, "alert_id" text NOT NULL, "alert" jsonb NOT NULL, CONSTRAINT "PK_digest_reminders" PRIMARY KEY ("subscription_id", "digest_date", "alert_id"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "digest_reminders"`);
  }
}
