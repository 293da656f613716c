import { queueChildren, TableStatistics, takeChildren, type EventRow } from '@casewatch/event-store';
import { TenantRules } from '@casewatch/tenant-settings';
import { WorkLoop } from '@casewatch/service-kit';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DataSource, type EntityManager } from 'typeorm';
import { AFTER_PROJECTION, type AfterProjection, type AfterProjectionSteps } from './after-projection';
import { ITEMS_VERSION } from './open-items';
import { ProjectionQueueStore } from './projection-queue.store';
import { ProjectionWriter } from './projection-writer';
import type { Child } from './projection.store';

/** Children per transaction: bounds the events held in memory and how long their locks are held. */
const SLICE = 200;
const WORKERS = 2;
const POLL_MS = 20;
/** How long after the last batch that came while catching up the workers stay held. */
const HOLD_MS = 2000;
/** A batch from near the end shortens the hold to this: it waited 2 s more after every replay. */
const CAUGHT_UP_HOLD_MS = 250;
/**
 * Live, a round starts this long after the batch that woke it, with the children of the batches
 * stored meanwhile: a round per stored batch (tens a second at a few hundred events/s) spent the
 * cores on transactions, half of them finding nothing. Rule figures wait for the full pass anyway.
 */
const GATHER_MS = 100;

/**
 * Children whose events changed wait in children_to_project (written in the transaction that
 * stores the events) and are projected here, beside the consumer: a child touched by many batches
 * of a replay is projected once. A child leaves the table in the transaction that projects it, so a
 * crash leaves it waiting. A tenant whose rules change has every child queued again.
 */
@Injectable()
export class ProjectionQueue implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ProjectionQueue.name);
  private afterProjection: AfterProjection[] = [];
  private heldUntil = 0;
  private holdTimer: NodeJS.Timeout | undefined;
  private gatherTimer: NodeJS.Timeout | undefined;
  private readonly statistics: TableStatistics;
  private readonly workers = Array.from(
    { length: WORKERS },
    (_, i) => new WorkLoop(async () => (await this.projectSome(i)) > 0, this.logger, 'child projection', { minMs: 200, maxMs: 30_000 }),
  );

  constructor(
    dataSource: DataSource,
    private readonly rules: TenantRules,
    private readonly store: ProjectionQueueStore,
    private readonly writer: ProjectionWriter,
    private readonly moduleRef: ModuleRef,
    @Inject(AFTER_PROJECTION) private readonly afterProjectionSteps: AfterProjectionSteps,
  ) {
    this.statistics = new TableStatistics(dataSource, ['projected_deadlines', 'projected_facts']);
  }

  onModuleInit(): void {
    // The steps are the module's other providers (which use this queue): found once all exist.
    this.afterProjection = this.afterProjectionSteps.map((s) => this.moduleRef.get(s, { strict: false }));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.reprojectIfRulesChanged(await this.store.storedTenants());
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.holdTimer);
    clearTimeout(this.gatherTimer); // what it would have projected stays queued
    await Promise.all([...this.workers.map((w) => w.stop()), this.statistics.stop()]);
  }

  /** Queues the children of these rows, in the transaction that stores them. */
  async queueTouched(m: EntityManager, rows: EventRow[]): Promise<void> {
    const children = new Map<string, Child>();
    for (const r of rows) children.set(`${r.event.tenant}\u0000${r.event.subject}`, { tenant: r.event.tenant, subject: r.event.subject });
    await queueChildren(m, 'children_to_project', [...children.values()]);
  }

  /**
   * Starts the workers on what was just queued; while the consumer is catching up (a replay) they
   * wait instead, until no batch came for HOLD_MS or one came from near the end: a child projected
   * now would be projected again with its events still to come, and the two share the cores.
   */
  wake(catchingUp = false): void {
    if (!catchingUp) {
      // The consumer is near the end: a hold ends soon unless a batch from far behind comes again.
      if (this.heldUntil > Date.now() + CAUGHT_UP_HOLD_MS) {
        this.heldUntil = Date.now() + CAUGHT_UP_HOLD_MS;
        clearTimeout(this.holdTimer);
        this.holdTimer = setTimeout(() => this.endHold(), CAUGHT_UP_HOLD_MS).unref();
      }
      this.gatherTimer ??= setTimeout(() => {
        this.gatherTimer = undefined;
        this.kick();
      }, GATHER_MS).unref();
      return;
    }
    this.heldUntil = Date.now() + HOLD_MS;
    this.holdTimer ??= setTimeout(() => this.endHold(), HOLD_MS).unref();
  }

  private endHold(): void {
    const left = this.heldUntil - Date.now();
    if (left > 0) {
      this.holdTimer = setTimeout(() => this.endHold(), left).unref();
      return;
    }
    this.holdTimer = undefined;
    this.kick();
  }

  /** Queues every child of a tenant whose rules are not the ones its projection was made with. */
  async reprojectIfRulesChanged(tenants: string[]): Promise<void> {
    // One read for all: at start every tenant is told again, and most have not changed.
    const projectedWith = await this.store.projectedVersions(tenants);
    for (const tenant of tenants) {
      // The items projected are part of the version: a new snapshot definition re-projects too.
      const version = `${(await this.rules.of(tenant)).version}:${ITEMS_VERSION}`;
      if (projectedWith.get(tenant) === version) continue;
      if ((await this.store.queueTenantAgain(tenant, version)) === 'changed') this.logger.log(`tenant ${tenant}: rules changed, projecting its children again`);
    }
    this.kick();
  }

  /**
   * Waits until every child of the tenant queued by `since` is projected; false after `timeoutMs`
   * (the caller then reads the events instead).
   */
  async caughtUp(tenant: string, since: number, timeoutMs: number): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      if (!(await this.store.waitingSince(tenant, since))) return true;
      if (Date.now() >= until) return false;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** Resolves when no worker is busy (tests). */
  async idle(): Promise<void> {
    do {
      while (this.gatherTimer) await new Promise((resolve) => setTimeout(resolve, GATHER_MS / 4));
      await Promise.all(this.workers.map((w) => w.idle()));
    } while (this.gatherTimer);
  }

  /** One worker; it starts the others when it finds a backlog (a whole slice). */
  private kick(): void {
    this.workers[0].kick();
  }

  /**
   * Takes the oldest waiting children, shared fairly between tenants, and projects them in one
   * transaction. A whole slice taken means more wait: worker `me` starts the others on them.
   */
  private async projectSome(me: number): Promise<number> {
    if (Date.now() < this.heldUntil) return 0; // endHold kicks again
    let written = 0;
    const taken = await this.store.projecting(async (m) => {
      const rows = await takeChildren(m, 'children_to_project', SLICE);
      if (rows.length === 0) return [];
      if (rows.length >= SLICE) this.workers.forEach((w, i) => i !== me && w.kick());
      const rulesOf = await this.rules.usable(
        rows.map((r) => r.tenant),
        (tenant, err) => this.logger.error(`tenant ${tenant}: rules cannot be used, its children's projections were left as they were: ${err.message}`),
      );
      written = await this.writer.projectChildren(m, rows, (t) => rulesOf.get(t));
      return rows;
    });
    this.statistics.inserted(written);
    if (taken.length > 0 && taken.length < SLICE) for (const step of this.afterProjection) step.projected([...new Set(taken.map((c) => c.tenant))]);
    return taken.length;
  }
}
