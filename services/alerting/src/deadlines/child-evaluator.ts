import { evaluateChild, nextStateChangeAt, type CompiledTenant } from '@casewatch/timescales';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CaseEventReader } from './case-event.store';
import { childKey } from './child-events';
import { DeadlineStore } from './deadline.store';
import { DeadlineTimer } from './deadline-timer';
import { DeadlineWriter, type EvaluatedChild } from './deadline-writer';

export interface ChildToEvaluate {
  tenant: string;
  subject: string;
  rules: CompiledTenant;
}

/**
 * Re-evaluates children's deadlines from all their events (so late, backdated and corrected
 * records land on the right clock), a set of children per transaction and a few statements for
 * all of them, then schedules their timers.
 */
@Injectable()
export class ChildEvaluator {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: CaseEventReader,
    private readonly store: DeadlineStore,
    private readonly writer: DeadlineWriter,
    private readonly timer: DeadlineTimer,
  ) {}

  /** In a transaction of its own; timers are scheduled once it committed. */
  async evaluate(children: ChildToEvaluate[], now: number): Promise<void> {
    if (children.length === 0) return;
    this.schedule(await this.dataSource.transaction((m) => this.evaluateIn(m, children, now)));
  }

  /** In the caller's transaction; the caller schedules the result's timers after its commit. */
  async evaluateIn(m: EntityManager, children: ChildToEvaluate[], now: number): Promise<EvaluatedChild[]> {
    if (children.length === 0) return [];
    // Case events and a re-evaluation job can meet on a child: one at a time, and the later one
    // reads the events after the lock, so it never writes back an older evaluation. Locks are
    // taken in one order, so two transactions cannot wait on each other.
    // Not waiting for the WAL flush: what a Postgres crash loses of it is lost whole, queue entry
    // included, so those children are evaluated again, and their alerts carry the same ids.
    await this.store.commitWithoutFlushWait(m);
    const locks = [...new Map(children.map((c) => [childKey(c.tenant, c.subject), c])).values()].sort((a, b) =>
      childKey(a.tenant, a.subject) < childKey(b.tenant, b.subject) ? -1 : 1,
    );
    await this.store.lockChildren(m, locks);
    const events = await this.events.childrenEvents(m, locks);
    const result: EvaluatedChild[] = locks.map((c) => ({
      tenant: c.tenant,
      subject: c.subject,
      deadlines: evaluateChild(events.get(childKey(c.tenant, c.subject)) ?? [], c.rules, { now }),
    }));
    await this.writer.syncChildren(m, result, new Date(now));
    return result;
  }

  schedule(evaluated: EvaluatedChild[]): void {
    for (const child of evaluated) {
      for (const d of child.deadlines) {
        const at = nextStateChangeAt(d);
        if (at !== undefined) this.timer.schedule(d.deadlineId, at);
      }
    }
  }
}
