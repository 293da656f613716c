import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-child projections of deadlines and check facts, valid in knowledge time (known_from,
 * known_to) and practice time (started/closed, from/to), all epoch ms; and the durable queue of
 * children to project. Every child already stored is queued, so an existing database fills them.
 */
export class ChildProjections1764900000000 implements MigrationInterface {
  name = 'ChildProjections1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "children_to_project" ("tenant" text NOT NULL, "subject" text NOT NULL, "since" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
       CONSTRAINT "PK_children_to_project" PRIMARY KEY ("tenant", "subject"))`,
    );
    await q.query(`CREATE INDEX "ix_children_to_project_tenant_since" ON "children_to_project" ("tenant", "since")`);
    await q.query(
      `CREATE TABLE "projected_deadlines" ("tenant" text NOT NULL, "subject" text NOT NULL, "deadline_id" text NOT NULL, "rule" text NOT NULL,
       "started_at" bigint NOT NULL, "due_at" bigint NOT NULL, "warn_at" bigint NOT NULL, "closed_at" bigint NOT NULL, "met" boolean NOT NULL,
       "team_id" text, "worker_id" text, "known_from" bigint NOT NULL, "known_to" bigint NOT NULL)`,
    );
    await q.query(`CREATE INDEX "ix_projected_deadlines_child" ON "projected_deadlines" ("tenant", "subject")`);
    // Knowledge and start in the key: an index scan drops superseded versions before reading the table.
    await q.query(`CREATE INDEX "ix_projected_deadlines_rule_closed" ON "projected_deadlines" ("tenant", "rule", "closed_at", "known_to", "started_at")`);
    await q.query(
      `CREATE TABLE "projected_facts" ("tenant" text NOT NULL, "subject" text NOT NULL, "kind" text NOT NULL, "from_at" bigint NOT NULL,
       "to_at" bigint NOT NULL, "day" text, "team_id" text, "worker_id" text, "known_from" bigint NOT NULL, "known_to" bigint NOT NULL)`,
    );
    await q.query(`CREATE INDEX "ix_projected_facts_child" ON "projected_facts" ("tenant", "subject", "kind")`);
    await q.query(`CREATE INDEX "ix_projected_facts_kind_from" ON "projected_facts" ("tenant", "kind", "from_at")`);
    // Spans open at a moment are those ending after it: recent moments find few.
    await q.query(`CREATE INDEX "ix_projected_facts_kind_to" ON "projected_facts" ("tenant", "kind", "to_at")`);
    await q.query(
      `CREATE TABLE "projected_tenants" ("tenant" text NOT NULL, "rules_version" text NOT NULL, CONSTRAINT "PK_projected_tenants" PRIMARY KEY ("tenant"))`,
    );
    await q.query(`INSERT INTO "children_to_project" ("tenant", "subject") SELECT DISTINCT "tenant", "subject" FROM "case_events"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "projected_tenants"`);
    await q.query(`DROP TABLE "projected_facts"`);
    await q.query(`DROP TABLE "projected_deadlines"`);
    await q.query(`DROP TABLE "children_to_project"`);
  }
}
