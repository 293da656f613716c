import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SecretBox, webhookSecretKey } from '../../subscriptions/secret-box';

/** The key as the service reads it (WEBHOOK_SECRET_KEY; the development key outside production). */
function secretBox(): SecretBox {
  return new SecretBox(webhookSecretKey({ NODE_ENV: process.env.NODE_ENV ?? 'development', WEBHOOK_SECRET_KEY: process.env.WEBHOOK_SECRET_KEY ?? '' }));
}

/**
 * Webhook secrets were stored in clear: each is sealed (AES-256-GCM, the subscription id as
 * additional data) into `secret_sealed`, and the clear column goes. Run with the service's
 * WEBHOOK_SECRET_KEY; it is needed only when there are secrets to seal.
 */
export class SealedWebhookSecrets1765200000000 implements MigrationInterface {
  name = 'SealedWebhookSecrets1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "subscriptions" ADD "secret_sealed" text`);
    const rows: { id: string; secret: string }[] = await q.query(`SELECT id, secret FROM "subscriptions" WHERE secret IS NOT NULL`);
    if (rows.length > 0) {
      const box = secretBox();
      await q.query(`UPDATE "subscriptions" s SET secret_sealed = u.sealed FROM unnest($1::text[], $2::text[]) AS u(id, sealed) WHERE s.id = u.id`, [
        rows.map((r) => r.id),
        rows.map((r) => box.seal(r.secret, r.id)),
      ]);
    }
    await q.query(`ALTER TABLE "subscriptions" DROP COLUMN "secret"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "subscriptions" ADD "secret" text`);
    const rows: { id: string; secret_sealed: string }[] = await q.query(`SELECT id, secret_sealed FROM "subscriptions" WHERE secret_sealed IS NOT NULL`);
    if (rows.length > 0) {
      const box = secretBox();
      await q.query(`UPDATE "subscriptions" s SET secret = u.secret FROM unnest($1::text[], $2::text[]) AS u(id, secret) WHERE s.id = u.id`, [
        rows.map((r) => r.id),
        rows.map((r) => box.open(r.secret_sealed, r.id)),
      ]);
    }
    await q.query(`ALTER TABLE "subscriptions" DROP COLUMN "secret_sealed"`);
  }
}
