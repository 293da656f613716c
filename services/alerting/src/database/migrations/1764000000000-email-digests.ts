import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Daily digests: one row per (subscription, London date); deliveries point at the digest that carries them. */
export class EmailDigests1764000000000 implements MigrationInterface {
  name = 'EmailDigests1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "digests" ("subscription_id" text NOT NULL, "digest_date" date NOT NULL, "tenant" text NOT NULL, "status" text NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_error" text, "delivered_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4cd5ed532755ef6f364cd597064" PRIMARY KEY ("subscription_id", "digest_date"))`,
    );
    await q.query(`CREATE INDEX "ix_digests_due" ON "digests" ("status", "next_attempt_at")`);
    await q.query(`ALTER TABLE "deliveries" ADD "digest_date" date`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "deliveries" DROP COLUMN "digest_date"`);
    await q.query(`DROP INDEX "public"."ix_digests_due"`);
    await q.query(`DROP TABLE "digests"`);
  }
}
