import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Subscriptions1763930000000 implements MigrationInterface {
  name = 'Subscriptions1763930000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "deliveries" ("subscription_id" text NOT NULL, "alert_id" text NOT NULL, "tenant" text NOT NULL, "alert" jsonb NOT NULL, "status" text NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_error" text, "delivered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_1be134a8de5e76d559487493a89" PRIMARY KEY ("subscription_id", "alert_id"))`,
    );
    await q.query(`CREATE INDEX "ix_deliveries_due" ON "deliveries" ("status", "next_attempt_at")`);
    await q.query(
      `CREATE TABLE "subscriptions" ("id" text NOT NULL, "tenant" text NOT NULL, "channel" text NOT NULL, "target" text NOT NULL, "filter" jsonb, "digest" text NOT NULL, "secret" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a87248d73155605cf782be9ee5e" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_subscriptions_tenant" ON "subscriptions" ("tenant")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."ix_subscriptions_tenant"`);
    await q.query(`DROP TABLE "subscriptions"`);
    await q.query(`DROP INDEX "public"."ix_deliveries_due"`);
    await q.query(`DROP TABLE "deliveries"`);
  }
}
