import type { Deadline } from '@casewatch/timescales';
import { deadlineState } from '@casewatch/timescales';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { TrackedState } from '../alerts/alert-transitions';
import { AlertWriter, type DeadlineStateChange } from '../alerts/alert-writer';
import { DeadlineStore } from './deadline.store';

/** A child and its deadlines as just evaluated. */
export interface EvaluatedChild {
  tenant: string;
  subject: string;
  deadlines: Deadline[];
}

/** Writes deadlines' changes and, in the same transaction, the alerts they call for. */
@Injectable()
export class DeadlineWriter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: DeadlineStore,
    private readonly alerts: AlertWriter,
  ) {}

  /**
   * Replaces children's deadlines with fresh evaluations, in the caller's transaction; a deadline
   * that vanished (anchor withdrawn, rule switched off) is cancelled.
   */
  async syncChildren(m: EntityManager, children: EvaluatedChild[], now: Date): Promise<void> {
    if (children.length === 0) return;
    const before = await this.store.lockedOfChildren(m, children);
    const all = children.flatMap((c) => c.deadlines.map((d) => ({ tenant: c.tenant, subject: c.subject, d })));
    if (all.length > 0) await this.store.upsert(m, all);
    const present = new Set(all.map((x) => x.d.deadlineId));
    const gone = before.filter((b) => !present.has(b.deadline_id) && b.state !== 'cancelled');
    const goneIds = gone.map((g) => g.deadline_id);
    if (goneIds.length > 0) await this.store.cancel(m, goneIds, now);
    const changes: DeadlineStateChange[] = [
      ...all.map(({ tenant, subject, d }) => ({
        deadlineId: d.deadlineId,
        tenant,
        subject,
        rule: d.rule,
        state: d.state as TrackedState,
        teamId: d.teamId ?? null,
        workerId: d.workerId ?? null,
      })),
      ...gone.map((g) => ({
        deadlineId: g.deadline_id,
        tenant: g.tenant,
        subject: g.subject,
        rule: g.rule,
        state: 'gone' as const,
        teamId: g.team_id,
        workerId: g.worker_id,
      })),
    ];
    await this.alerts.write(m, changes, now);
  }

  /** Moves deadlines whose time has come (due-soon, overdue) and fires their alerts, in a transaction of its own. */
  async advanceByClock(deadlineIds: string[], now: Date): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const rows = await this.store.lockedOpen(m, deadlineIds);
      const changes: DeadlineStateChange[] = [];
      for (const r of rows) {
        const state = deadlineState({ dueAt: r.due_at.getTime(), warnAt: r.warn_at.getTime() }, now.getTime());
        if (state !== r.state)
          changes.push({ deadlineId: r.deadline_id, tenant: r.tenant, subject: r.subject, rule: r.rule, state, teamId: r.team_id, workerId: r.worker_id });
      }
      if (changes.length > 0) await this.store.setStates(m, changes);
      await this.alerts.write(m, changes, now);
    });
  }
}
