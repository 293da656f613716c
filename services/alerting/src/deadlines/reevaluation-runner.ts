import { RULES_ENGINE_VERSION, TimescalesError } from '@casewatch/timescales';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CaseEventReader } from './case-event.store';
import { ChildEvaluator } from './child-evaluator';
import { ReevaluationJobStore, type ReevaluationJob } from './reevaluation-job.store';
import { WorkLoop } from '@casewatch/service-kit';
import { TenantRules } from '@casewatch/tenant-settings';

const CHUNK = 500;
/** Children per transaction (the case-event consumer waits at most for one slice's locks). */
const SLICE = 50;
const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 30_000;

/** The tenant's rules and the engine's defaults (a new reading of short breaks re-evaluates every tenant too). */
const versionOf = (rules: { version: string }) => `${rules.version}:${RULES_ENGINE_VERSION}`;

/**
 * When a tenant's rules change (limits, rules switched off or added, closure days, nation), or the
 * default rules do, every child of the tenant is re-evaluated with them: deadlines move, open or
 * are cancelled, with their alerts, and the timers follow. The job is durable (tenant_evaluations: target version and
 * the last child done, in subject order), walks the children in chunks beside the case-event
 * consumer (a few dozen children per transaction), and a restart finishes what a crash left.
 */
@Injectable()
export class ReevaluationRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReevaluationRunner.name);
  private readonly work = new WorkLoop(() => this.round(), this.logger, 're-evaluation', { minMs: RETRY_MIN_MS, maxMs: RETRY_MAX_MS });

  constructor(
    private readonly jobs: ReevaluationJobStore,
    private readonly events: CaseEventReader,
    private readonly rules: TenantRules,
    private readonly evaluator: ChildEvaluator,
  ) {}

  onApplicationBootstrap(): void {
    this.work.kick(); // jobs a crash or a stop left unfinished
  }

  async onApplicationShutdown(): Promise<void> {
    await this.work.stop();
  }

  /** Starts a job for each tenant whose rules are not the ones its deadlines were evaluated with. */
  async reevaluateIfRulesChanged(tenants: string[]): Promise<void> {
    let started = false;
    for (const tenant of tenants) {
      let version: string;
      try {
        version = versionOf(await this.rules.of(tenant));
      } catch (err) {
        if (!(err instanceof TimescalesError)) throw err;
        this.logger.error(`tenant ${tenant}: rules cannot be used, deadlines keep the previous ones: ${err.message}`);
        continue;
      }
      if (await this.jobs.request(tenant, version)) {
        this.logger.log(`tenant ${tenant}: rules changed (version ${version}), re-evaluating its children`);
        started = true;
      }
    }
    if (started) this.work.kick();
  }

  /** Resolves when no job is left (for tests and benchmarks). */
  idle(): Promise<void> {
    return this.work.idle();
  }

  /** One chunk per tenant per round: a large tenant does not hold up a small one. */
  private async round(): Promise<boolean> {
    const jobs = await this.jobs.pending();
    if (jobs.length === 0) return false;
    for (const job of jobs) if (!this.work.isStopped) await this.step(job);
    return true;
  }

  private async step(job: ReevaluationJob): Promise<void> {
    let rules;
    try {
      rules = await this.rules.of(job.tenant);
    } catch (err) {
      if (!(err instanceof TimescalesError)) throw err;
      this.logger.error(`tenant ${job.tenant}: re-evaluation stopped, rules cannot be used: ${err.message}`);
      await this.jobs.fail(job, err.message);
      return;
    }
    if (versionOf(rules) !== job.target_version) {
      // The settings moved on since the job was asked for: start over with the newest.
      await this.jobs.request(job.tenant, versionOf(rules));
      return;
    }
    const children = await this.events.subjectsAfter(job.tenant, job.cursor, CHUNK);
    const now = Date.now();
    for (let i = 0; i < children.length; i += SLICE) {
      if (this.work.isStopped) return; // the chunk is redone after the restart: evaluation is idempotent
      await this.evaluator.evaluate(
        children.slice(i, i + SLICE).map((subject) => ({ tenant: job.tenant, subject, rules: rules.compiled })),
        now,
      );
    }
    const done = job.children_done + children.length;
    if (children.length < CHUNK) {
      await this.jobs.finish(job);
      this.logger.log(`tenant ${job.tenant}: re-evaluated ${done} children with rules ${job.target_version}, done`);
    } else if (await this.jobs.recordProgress(job, children[children.length - 1], children.length)) {
      this.logger.log(`tenant ${job.tenant}: re-evaluated ${done} children with rules ${job.target_version} so far`);
    }
  }
}
