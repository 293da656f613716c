import { CaseEventsConsumer, TenantSettingsRepository, type AfterApply, type EventRow } from '@casewatch/event-store';
import { compileTenant, evaluateChild, nextStateChangeAt, type CompiledTenant } from '@casewatch/timescales';
import type { TenantSettings } from '@casewatch/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { loadChildEvents } from './child-events';
import { DeadlineStore } from './deadline-store';
import { DeadlineTimer } from './deadline-timer';

/**
 * Re-evaluates the deadlines of every child whose events were just applied, from all its events
 * (so late, backdated and corrected records land on the right clock), and schedules the timers.
 */
@Injectable()
export class DeadlineTracker implements AfterApply {
  private readonly compiled = new Map<string, { settings: unknown; tenant: CompiledTenant }>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: DeadlineStore,
    private readonly timer: DeadlineTimer,
    private readonly tenants: TenantSettingsRepository,
    consumer: CaseEventsConsumer,
  ) {
    consumer.onApplied(this);
  }

  async applied(_tenants: Set<string>, rows: EventRow[]): Promise<void> {
    const children = new Map<string, { tenant: string; subject: string }>();
    for (const r of rows) children.set(`${r.event.tenant}\u0000${r.event.subject}`, { tenant: r.event.tenant, subject: r.event.subject });
    const now = Date.now();
    for (const { tenant, subject } of children.values()) {
      const compiled = await this.compiledFor(tenant);
      const deadlines = await this.dataSource.transaction(async (m) => {
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

  /** A tenant not (yet) known from csc.tenants.v1 gets England's default rules. */
  private async compiledFor(tenant: string): Promise<CompiledTenant> {
    const known = await this.tenants.get(tenant);
    const settings: Pick<TenantSettings, 'nation' | 'closureDays' | 'rules'> = known?.settings ?? { nation: 'england' };
    const cached = this.compiled.get(tenant);
    if (cached && cached.settings === settings) return cached.tenant;
    const compiled = compileTenant({ nation: settings.nation, closureDays: settings.closureDays, rules: settings.rules });
    this.compiled.set(tenant, { settings, tenant: compiled });
    return compiled;
  }
}
