import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Children whose events changed and whose deadlines are still to be evaluated. */
export class ChildrenToEvaluate1764200000000 implements MigrationInterface {
  name = 'ChildrenToEvaluate1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "children_to_evaluate" ("tenant" text NOT NULL, "subject" text NOT NULL, "since" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_children_to_evaluate" PRIMARY KEY ("tenant", "subject"))`,
    );
    await q.query(`CREATE INDEX "ix_children_to_evaluate_tenant_since" ON "children_to_evaluate" ("tenant", "since")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."ix_children_to_evaluate_tenant_since"`);
    await q.query(`DROP TABLE "children_to_evaluate"`);
  }
}
