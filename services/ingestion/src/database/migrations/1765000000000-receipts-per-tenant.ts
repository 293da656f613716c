import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Duplicates are per tenant: one council's ids never hide (or reveal) another's. */
export class ReceiptsPerTenant1765000000000 implements MigrationInterface {
  name = 'ReceiptsPerTenant1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "event_receipts" DROP CONSTRAINT "PK_bfa749049e2a37c02b6627fca75"`);
    await q.query(`ALTER TABLE "event_receipts" ADD CONSTRAINT "pk_event_receipts" PRIMARY KEY ("tenant", "source", "event_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "event_receipts" DROP CONSTRAINT "pk_event_receipts"`);
    await q.query(`ALTER TABLE "event_receipts" ADD CONSTRAINT "PK_bfa749049e2a37c02b6627fca75" PRIMARY KEY ("source", "event_id")`);
  }
}
