import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ChildEvaluator, type ChildToEvaluate } from './child-evaluator';
import { childKey } from './child-events';
import { WorkLoop } from '@casewatch/service-kit';
import { queueChildren, takeChildren, type EventRow } from '@casewatch/event-store';
import { TenantRules } from '@casewatch/tenant-settings';

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
    await queueChildren(m, 'children_to_evaluate', children);
    this.kick();
  }

  /**
   * Queues the children of these rows in the transaction that stores them: a crash cannot keep a
   * child's new events from its deadlines.
   */
  async queueTouched(m: EntityManager, rows: EventRow[]): Promise<void> {
    const children = new Map<string, { tenant: string; subject: string }>();
    for (const r of rows) children.set(childKey(r.event.tenant, r.event.subject), { tenant: r.event.tenant, subject: r.event.subject });
    await this.add([...children.values()], m);
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
      const rows = await takeChildren(m, 'children_to_evaluate', SLICE);
      taken = rows.length;
      const rulesOf = await this.rules.usable(
        rows.map((r) => r.tenant),
        (tenant, err) => this.logger.error(`tenant ${tenant}: rules cannot be used, its children's deadlines were left as they were: ${err.message}`),
      );
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
