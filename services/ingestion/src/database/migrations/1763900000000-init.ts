import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1763900000000 implements MigrationInterface {
  name = 'Init1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "event_receipts" ("source" text NOT NULL, "event_id" text NOT NULL, "tenant" text NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bfa749049e2a37c02b6627fca75" PRIMARY KEY ("source", "event_id"))`,
    );
    await q.query(
      `CREATE TABLE "tenants" ("tenant" text NOT NULL, "settings" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d6109d8400e619e18267b953bf3" PRIMARY KEY ("tenant"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "tenants"`);
    await q.query(`DROP TABLE "event_receipts"`);
  }
}
