import type { Deadline, DeadlineState } from '@casewatch/contracts';
import type { DataSource } from 'typeorm';
import { timestampText } from '@casewatch/service-kit';
import { londonIso } from './london-iso';

export interface DeadlineFilter {
  states: DeadlineState[];
  rule?: string;
  subject?: string;
  teamId?: string;
  workerId?: string;
}

/** Rows to read after the sort key (due_at to the microsecond, deadline_id) of the previous page's last. */
export interface DeadlinePage {
  limit: number;
  after?: [string, string];
}

interface Row {
  deadline_id: string;
  rule: string;
  subject: string;
  state: Deadline['state'];
  start_date: string;
  due_at: Date;
  due_key: string;
  met_at: Date | null;
  team_id: string | null;
  worker_id: string | null;
  explain: string;
}

/** A tenant's deadlines, soonest due first, a page at a time (keyset on due_at, deadline_id: never an offset). */
export async function listDeadlines(
  db: DataSource,
  tenant: string,
  f: DeadlineFilter,
  page: DeadlinePage,
): Promise<{ deadline: Deadline; key: [string, string] }[]> {
  const [dueAfter, idAfter] = page.after ?? [null, null];
  const rows: Row[] = await db.query(
    `SELECT deadline_id, rule, subject, state, to_char(start_date, 'YYYY-MM-DD') AS start_date, due_at, ${timestampText('due_at')} AS due_key,
       met_at, team_id, worker_id, explain
     FROM deadlines
     WHERE tenant = $1 AND state = ANY($2::text[])
       AND ($3::text IS NULL OR rule = $3) AND ($4::text IS NULL OR subject = $4)
       AND ($5::text IS NULL OR team_id = $5) AND ($6::text IS NULL OR worker_id = $6)
       AND ($7::timestamptz IS NULL OR due_at > $7 OR (due_at = $7 AND deadline_id COLLATE "C" > $8))
     ORDER BY due_at, deadline_id COLLATE "C" LIMIT $9`,
    [tenant, f.states, f.rule ?? null, f.subject ?? null, f.teamId ?? null, f.workerId ?? null, dueAfter, idAfter, page.limit],
  );
  return rows.map((r) => {
    const d: Deadline = {
      deadlineId: r.deadline_id,
      rule: r.rule,
      subject: r.subject,
      state: r.state,
      startedAt: r.start_date,
      dueAt: londonIso(r.due_at),
      metAt: r.met_at ? r.met_at.toISOString() : null,
      explain: r.explain,
    };
    if (r.team_id) d.teamId = r.team_id;
    if (r.worker_id) d.workerId = r.worker_id;
    return { deadline: d, key: [r.due_key, r.deadline_id] };
  });
}
