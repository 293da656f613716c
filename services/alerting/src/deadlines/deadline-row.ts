import type { Deadline } from '@casewatch/contracts';
import { londonIso } from './london-iso';

/** A row of `deadlines` as the list reads it. */
export interface DeadlineRow {
  deadline_id: string;
  rule: string;
  subject: string;
  state: Deadline['state'];
  start_date: string;
  due_at: Date;
  met_at: Date | null;
  team_id: string | null;
  worker_id: string | null;
  explain: string;
}

export function toDeadline(r: DeadlineRow): Deadline {
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
  return d;
}
