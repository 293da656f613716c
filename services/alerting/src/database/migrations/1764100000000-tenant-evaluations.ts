import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The rules version each tenant's children were evaluated with, and the re-evaluation job in progress. */
export class TenantEvaluations1764100000000 implements MigrationInterface {
  name = 'TenantEvaluations1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "tenant_evaluations" ("tenant" text NOT NULL, "rules_version" text NOT NULL, "target_version" text, "cursor" text, "children_done" integer NOT NULL DEFAULT '0', "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, "last_error" text, CONSTRAINT "PK_tenant_evaluations" PRIMARY KEY ("tenant"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "tenant_evaluations"`);
  }
}
