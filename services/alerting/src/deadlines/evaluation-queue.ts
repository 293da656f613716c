import { TimescalesError } from '@casewatch/timescales';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ChildEvaluator, type ChildToEvaluate } from './child-evaluator';
import { WorkLoop } from '@casewatch/service-kit';
import { TenantRules } from '@casewatch/event-store';

/** Children per transaction: bounds the events held in memory and how long their locks are held. */
const SLICE = 200;
const RETRY_MIN_MS = 200;
const RETRY_MAX_MS = 30_000;
/** Two at once: one computes in Node while the other waits on PostgreSQL (SKIP LOCKED keeps them apart). */
const WORKERS = 2;

/**
 * Children whose events changed wait in children_to_evaluate (durable) and are evaluated here,
 * beside the consumer rather than inside its batches: the consumer applies events at its own
 * pace, and a child touched by many batches while this is behind (a replay) is evaluated once.
 * A child leaves the table in the transaction that evaluates it, so a crash leaves it waiting;
 * what waits at start is evaluated then.
 */
@Injectable()
export class EvaluationQueue implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EvaluationQueue.name);
  private readonly workers = Array.from(
    { length: WORKERS },
    () => new WorkLoop(async () => (await this.evaluateSome()) > 0, this.logger, 'deadline evaluation', { minMs: RETRY_MIN_MS, maxMs: RETRY_MAX_MS }),
  );

  constructor(
    private readonly dataSource: DataSource,
    private readonly evaluator: ChildEvaluator,
    private readonly rules: TenantRules,
  ) {}

  onApplicationBootstrap(): void {
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.stop()));
  }

  async add(children: { tenant: string; subject: string }[], m: Pick<DataSource, 'query'> = this.dataSource): Promise<void> {
    if (children.length === 0) return;
    // A child already waiting is locked, not left alone (DO UPDATE ... WHERE false locks and writes
    // nothing): a worker (SKIP LOCKED) cannot take it and read its events before these commit,
    // which would leave them unevaluated with nothing waiting.
    await m.query(
      `INSERT INTO children_to_evaluate (tenant, subject) SELECT * FROM unnest($1::text[], $2::text[]) ORDER BY 1, 2
       ON CONFLICT (tenant, subject) DO UPDATE SET since = children_to_evaluate.since WHERE false`,
      [children.map((c) => c.tenant), children.map((c) => c.subject)],
    );
    this.kick();
  }

  /** Starts evaluating what waits (after a transaction that added children commits). */
  wakeUp(): void {
    this.kick();
  }

  private kick(): void {
    for (const w of this.workers) w.kick();
  }

  /** Takes the oldest waiting children of each tenant and evaluates them, in one transaction. */
  private async evaluateSome(): Promise<number> {
    const now = Date.now();
    let taken = 0;
    const evaluated = await this.dataSource.transaction(async (m) => {
      // Shared fairly between tenants: one tenant's replay does not hold up another's alerts.
      const tenants: { tenant: string }[] = await m.query(
        `WITH RECURSIVE t AS (
           (SELECT tenant FROM children_to_evaluate ORDER BY tenant LIMIT 1)
           UNION ALL
           SELECT (SELECT c.tenant FROM children_to_evaluate c WHERE c.tenant > t.tenant ORDER BY c.tenant LIMIT 1) FROM t WHERE t.tenant IS NOT NULL)
         SELECT tenant FROM t WHERE tenant IS NOT NULL LIMIT $1`,
        [SLICE],
      );
      if (tenants.length === 0) return [];
      const [rows]: [{ tenant: string; subject: string }[], number] = await m.query(
        `DELETE FROM children_to_evaluate WHERE (tenant, subject) IN (
           SELECT x.tenant, x.subject FROM unnest($1::text[]) AS t(tenant),
             LATERAL (SELECT c.tenant, c.subject FROM children_to_evaluate c WHERE c.tenant = t.tenant
                      ORDER BY c.since LIMIT $2 FOR UPDATE SKIP LOCKED) x)
         RETURNING tenant, subject`,
        [tenants.map((t) => t.tenant), Math.ceil(SLICE / tenants.length)],
      );
      taken = rows.length;
      // Rules once per tenant in the slice, not a settings read per child.
      const rulesOf = new Map<string, ChildToEvaluate['rules'] | undefined>();
      for (const tenant of new Set(rows.map((r) => r.tenant))) {
        try {
          rulesOf.set(tenant, (await this.rules.of(tenant)).compiled);
        } catch (err) {
          if (!(err instanceof TimescalesError)) throw err;
          rulesOf.set(tenant, undefined);
          this.logger.error(`tenant ${tenant}: rules cannot be used, its children's deadlines were left as they were: ${err.message}`);
        }
      }
      const children: ChildToEvaluate[] = [];
      for (const r of rows) {
        const rules = rulesOf.get(r.tenant);
        if (rules) children.push({ ...r, rules });
      }
      return this.evaluator.evaluateIn(m, children, now);
    });
    this.evaluator.schedule(evaluated);
    return taken;
  }
}
