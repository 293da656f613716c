import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A tenant whose children are being re-evaluated towards `target_version`, after `cursor`. */
export interface ReevaluationJob {
  tenant: string;
  target_version: string;
  cursor: string | null;
  children_done: number;
}

/** The re-evaluation jobs (tenant_evaluations): one per tenant, durable across restarts. */
@Injectable()
export class ReevaluationJobStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Asks for a tenant's children to be re-evaluated with rules `version`, unless they already are
   * or a job towards it is under way. A job towards another version starts over. A tenant first
   * seen with no events yet needs no job. True when a job was (re)started.
   */
  async request(tenant: string, version: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `WITH known AS (SELECT EXISTS (SELECT 1 FROM case_events WHERE tenant = $1) AS has_children)
       INSERT INTO tenant_evaluations (tenant, rules_version, target_version, requested_at)
       SELECT $1, CASE WHEN has_children THEN '' ELSE $2 END, CASE WHEN has_children THEN $2 END, now() FROM known
       ON CONFLICT (tenant) DO UPDATE SET target_version = $2, cursor = NULL, children_done = 0, requested_at = now(), last_error = NULL
         WHERE COALESCE(tenant_evaluations.target_version, tenant_evaluations.rules_version) <> $2
       RETURNING target_version`,
      [tenant, version],
    );
    return (rows as { target_version: string | null }[]).some((r) => r.target_version !== null);
  }

  pending(): Promise<ReevaluationJob[]> {
    return this.dataSource.query(
      `SELECT tenant, target_version, cursor, children_done FROM tenant_evaluations
       WHERE target_version IS NOT NULL ORDER BY requested_at, tenant`,
    );
  }

  /** Records a chunk done; false when the job was superseded meanwhile (settings changed again). */
  async recordProgress(job: ReevaluationJob, cursor: string, done: number): Promise<boolean> {
    // TypeORM answers an UPDATE with [rows, count].
    const [, count]: [unknown, number] = await this.dataSource.query(
      `UPDATE tenant_evaluations SET cursor = $3, children_done = children_done + $4 WHERE tenant = $1 AND target_version = $2`,
      [job.tenant, job.target_version, cursor, done],
    );
    return count > 0;
  }

  async finish(job: ReevaluationJob): Promise<void> {
    await this.dataSource.query(
      `UPDATE tenant_evaluations SET rules_version = target_version, target_version = NULL, cursor = NULL, finished_at = now()
       WHERE tenant = $1 AND target_version = $2`,
      [job.tenant, job.target_version],
    );
  }

  /** Rules that cannot be compiled: the job stops with the reason rather than retrying forever. */
  async fail(job: ReevaluationJob, error: string): Promise<void> {
    await this.dataSource.query(`UPDATE tenant_evaluations SET target_version = NULL, last_error = $3 WHERE tenant = $1 AND target_version = $2`, [
      job.tenant,
      job.target_version,
      error,
    ]);
  }
}
