import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A receipt keeps what the event said (a repeat with other content is refused with 409) and whether
 * Kafka's answer to its publish is still unknown. Receipts written before have no hash: any content matches.
 */
export class ReceiptContent1765210000000 implements MigrationInterface {
  name = 'ReceiptContent1765210000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "event_receipts" ADD "content_hash" bytea`);
    await q.query(`ALTER TABLE "event_receipts" ADD "unconfirmed_since" TIMESTAMP WITH TIME ZONE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "event_receipts" DROP COLUMN "unconfirmed_since"`);
    await q.query(`ALTER TABLE "event_receipts" DROP COLUMN "content_hash"`);
  }
}
