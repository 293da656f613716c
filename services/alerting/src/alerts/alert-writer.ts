import { alertKey, TOPICS } from '@casewatch/contracts';
import { BatchingPublisher } from '@casewatch/kafka';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AlertOutbox } from './alert-outbox';
import { toAlert } from './alert-row';
import { AlertStore, type NewAlert } from './alert.store';
import { alertsFor, resolutionReason, type TrackedState } from './alert-transitions';

export interface DeadlineStateChange {
  deadlineId: string;
  tenant: string;
  subject: string;
  rule: string;
  state: TrackedState;
  teamId: string | null;
  workerId: string | null;
}

/**
 * Inserts the alerts that state changes call for, inside the caller's transaction, and publishes
 * the new ones to csc.alerts.v1 before that transaction commits: a crash before the commit
 * leaves no alert row, so the retry fires again and a subscriber is told once per kind. The
 * outbox gets the new ones in the same transaction.
 */
@Injectable()
export class AlertWriter {
  constructor(
    private readonly store: AlertStore,
    private readonly publisher: BatchingPublisher,
    private readonly outbox: AlertOutbox,
  ) {}

  async write(m: EntityManager, changes: DeadlineStateChange[], now: Date): Promise<number> {
    if (changes.length === 0) return 0;
    const deadlineIds = changes.map((c) => c.deadlineId);
    const firing = await this.store.alertedDeadlines(m, deadlineIds);
    const fired: NewAlert[] = [];
    for (const c of changes) {
      for (const kind of alertsFor(c.state, firing.has(c.deadlineId))) {
        fired.push({
          alertId: `${c.deadlineId}.${kind}`,
          deadlineId: c.deadlineId,
          tenant: c.tenant,
          subject: c.subject,
          rule: c.rule,
          kind,
          status: kind === 'resolved' ? 'resolved' : 'firing',
          reason: kind === 'resolved' ? resolutionReason(c.state) : null,
          teamId: c.teamId,
          workerId: c.workerId,
        });
      }
    }
    if (fired.length === 0) return 0;
    const inserted = await this.store.add(m, fired, now);
    const fresh = inserted.filter((r) => r.kind === 'resolved').map((r) => r.deadline_id);
    if (fresh.length > 0) await this.store.resolveFiring(m, fresh, now);
    if (inserted.length > 0) {
      const alerts = inserted.map(toAlert);
      await this.publisher.publish(
        TOPICS.alerts,
        alerts.map((a) => ({ key: alertKey(a.tenant, a.deadlineId), value: JSON.stringify(a) })),
      );
      await this.outbox.queue(m, alerts);
    }
    return inserted.length;
  }
}
