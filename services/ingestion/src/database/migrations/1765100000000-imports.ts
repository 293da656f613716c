import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Imports of DfE returns: each import's progress and report; its rows staged by child until the
 * whole upload has been read (so a broken file publishes nothing, and memory stays flat); and which
 * period of care each imported 903 episode was read into, for next year's return.
 */
export class Imports1765100000000 implements MigrationInterface {
  name = 'Imports1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "imports" (
      "import_id" uuid PRIMARY KEY, "tenant" text NOT NULL, "format" text NOT NULL, "state" text NOT NULL,
      "rows_read" integer NOT NULL DEFAULT 0, "events_published" integer NOT NULL DEFAULT 0,
      "report" jsonb, "error" jsonb,
      "created_at" timestamptz NOT NULL DEFAULT now(), "updated_at" timestamptz NOT NULL DEFAULT now())`);
    // Unlogged: staging is rebuilt by repeating the import, never needed after a crash.
    await q.query(`CREATE UNLOGGED TABLE "import_rows" (
      "import_id" uuid NOT NULL, "subject" text NOT NULL, "tbl" text NOT NULL, "file" text NOT NULL,
      "row" integer NOT NULL, "rec" jsonb NOT NULL)`);
    await q.query(`CREATE INDEX "ix_import_rows_child" ON "import_rows" ("import_id", "subject")`);
    await q.query(`CREATE TABLE "import_episodes" (
      "tenant" text NOT NULL, "source" text NOT NULL, "subject" text NOT NULL, "decom" date NOT NULL, "period_id" text NOT NULL,
      PRIMARY KEY ("tenant", "source", "subject", "decom"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "import_episodes"`);
    await q.query(`DROP TABLE "import_rows"`);
    await q.query(`DROP TABLE "imports"`);
  }
}
