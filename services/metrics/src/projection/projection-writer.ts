import type { CompiledTenant } from '@casewatch/timescales';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { childHistory } from './child-history';
import { type Child, childKey, type ProjectedDeadline, type ProjectedFact, ProjectionStore } from './projection.store';

/**
 * Replaces the projected rows of children with their whole history, recomputed from every event
 * they have (a late event can change what was known before it arrived, so versions are rebuilt,
 * not appended). Idempotent: running it twice writes the same rows.
 */
@Injectable()
export class ProjectionWriter {
  constructor(private readonly store: ProjectionStore) {}

  /** In the caller's transaction; children of a tenant without usable rules are left as they were. Returns the rows written. */
  async projectChildren(m: EntityManager, children: Child[], rulesOf: (tenant: string) => CompiledTenant | undefined): Promise<number> {
    if (children.length === 0) return 0;
    // Before reading the events: the later of two projections of a child reads what the first saw, or more.
    await this.store.lockChildren(m, children);
    const byChild = await this.store.eventsOfChildren(m, children);
    const deadlines: ProjectedDeadline[] = [];
    const facts: ProjectedFact[] = [];
    for (const c of children) {
      const rules = rulesOf(c.tenant);
      const list = byChild.get(childKey(c.tenant, c.subject));
      if (!rules || !list) continue;
      const h = childHistory(list, rules);
      for (const d of h.deadlines) deadlines.push({ tenant: c.tenant, subject: c.subject, ...d });
      for (const f of h.facts) facts.push({ tenant: c.tenant, subject: c.subject, ...f });
    }
    const only = children.filter((c) => rulesOf(c.tenant) !== undefined);
    await this.store.replaceChildren(m, { children: only, deadlines, facts });
    return deadlines.length + facts.length;
  }
}
