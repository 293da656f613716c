import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What csc.metrics.v1 last carried for each key, so a restart publishes only figures that changed
 * and knows which closed periods already had their final figure.
 */
export class PublishedFigures1765200000000 implements MigrationInterface {
  name = 'PublishedFigures1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "published_figures" ("tenant" text NOT NULL, "metric_id" text NOT NULL, "scope" text NOT NULL, "period" text NOT NULL,
        "fingerprint" text NOT NULL, "final" boolean NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_published_figures" PRIMARY KEY ("tenant", "period", "scope", "metric_id"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "published_figures"`);
  }
}
