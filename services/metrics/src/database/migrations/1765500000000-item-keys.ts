import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The start event's fields a snapshot is broken down by, kept with its projected items (`keys`), so
 * a breakdown reads the projected rows alone instead of every open item's events. Rows projected
 * before have none: the items' version (ITEMS_VERSION) changes with it, so every tenant is
 * projected again when the service starts.
 */
export class ItemKeys1765500000000 implements MigrationInterface {
  name = 'ItemKeys1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "projected_facts" ADD COLUMN IF NOT EXISTS "keys" jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "projected_facts" DROP COLUMN IF EXISTS "keys"`);
  }
}
