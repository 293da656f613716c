import { evaluateChild, nextStateChangeAt, type CompiledTenant } from '@casewatch/timescales';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { loadChildEvents } from './child-events';
import { DeadlineStore } from './deadline-store';
import { DeadlineTimer } from './deadline-timer';

/**
 * Re-evaluates one child's deadlines from all its events (so late, backdated and corrected
 * records land on the right clock) in one transaction, then schedules their timers.
 */
@Injectable()
export class ChildEvaluator {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: DeadlineStore,
    private readonly timer: DeadlineTimer,
  ) {}

  async evaluate(tenant: string, subject: string, compiled: CompiledTenant, now: number): Promise<void> {
    const deadlines = await this.dataSource.transaction(async (m) => {
      // Case events and a re-evaluation job can meet on a child: one at a time, and the later
      // one reads the events after the lock, so it never writes back an older evaluation.
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [tenant, subject]);
      const events = await loadChildEvents(m, tenant, subject);
      const result = evaluateChild(events, compiled, { now });
      await this.store.syncChild(m, tenant, subject, result, new Date(now));
      return result;
    });
    for (const d of deadlines) {
      const at = nextStateChangeAt(d);
      if (at !== undefined) this.timer.schedule(d.deadlineId, at);
    }
  }
}
