import type { CaseEvent } from '@casewatch/contracts';
import { caseEventJson } from '@casewatch/event-store';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

// Children read per query: bounds memory at any tenant size (a child's events stay together).
const CHILDREN_PER_PAGE = 2000;

/** The stored events (case_events) of a tenant's children, read a page of children at a time. */
@Injectable()
export class ChildEventsStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Every child of the tenant with its events as known at `asAt` (withdrawn ones left out), a page at a time. */
  async forEachChild(tenant: string, asAt: number, child: (events: CaseEvent[]) => void): Promise<void> {
    let after = '';
    for (;;) {
      const last = await this.lastChildOfPage(tenant, after);
      if (last === undefined) break;
      const events = await this.page(tenant, new Date(asAt).toISOString(), after, last);
      let i = 0;
      while (i < events.length) {
        const subject = events[i].subject;
        const start = i;
        while (i < events.length && events[i].subject === subject) i++;
        child(events.slice(start, i));
      }
      after = last;
    }
  }

  /** These children's events as known at `asAt` (withdrawn ones left out), by child. */
  async ofChildren(tenant: string, asAt: number, subjects: readonly string[]): Promise<Map<string, CaseEvent[]>> {
    const byChild = new Map<string, CaseEvent[]>();
    for (let i = 0; i < subjects.length; i += CHILDREN_PER_PAGE) {
      const [{ events }]: { events: string | null }[] = await this.dataSource.query(
        `SELECT json_agg(${caseEventJson('e')})::text AS events FROM case_events e
         WHERE e.tenant = $1 AND e.subject = ANY($3::text[])
           AND e.type <> 'csc.event.retracted' AND e.recorded_at <= $2
           AND (e.retracted_at IS NULL OR e.retracted_at > $2) AND (e.superseded_at IS NULL OR e.superseded_at > $2)`,
        [tenant, new Date(asAt).toISOString(), subjects.slice(i, i + CHILDREN_PER_PAGE)],
      );
      for (const e of JSON.parse(events ?? '[]') as CaseEvent[]) {
        const list = byChild.get(e.subject);
        if (list) list.push(e);
        else byChild.set(e.subject, [e]);
      }
    }
    return byChild;
  }

  private async lastChildOfPage(tenant: string, after: string): Promise<string | undefined> {
    const [row]: { last: string | null }[] = await this.dataSource.query(
      `SELECT max(subject) AS last FROM (
         SELECT DISTINCT subject FROM case_events WHERE tenant = $1 AND subject > $2 ORDER BY subject LIMIT ${CHILDREN_PER_PAGE}) c`,
      [tenant, after],
    );
    return row.last ?? undefined;
  }

  /** The events of the children after `after` up to `last`, as known at `at`, a child's together. */
  private async page(tenant: string, at: string, after: string, last: string): Promise<CaseEvent[]> {
    const [{ events }]: { events: string | null }[] = await this.dataSource.query(
      `SELECT json_agg(${caseEventJson('e')} ORDER BY e.subject)::text AS events FROM case_events e
       WHERE e.tenant = $1 AND e.subject > $3 AND e.subject <= $4
         AND e.type <> 'csc.event.retracted' AND e.recorded_at <= $2
         AND (e.retracted_at IS NULL OR e.retracted_at > $2) AND (e.superseded_at IS NULL OR e.superseded_at > $2)`,
      [tenant, at, after, last],
    );
    return JSON.parse(events ?? '[]') as CaseEvent[];
  }
}
