import type { QueueItem } from '@casewatch/contracts';
import { londonDate } from '../common/periods';

export interface QueueRow {
  subject: string;
  since: string;
  ageDays: number;
  due: string;
  overdue: boolean;
  teamId: string;
  workerId: string;
}

export interface QueueFilter {
  teamId?: string;
  workerId?: string;
}

/** The queue, oldest first as the API gives it, filtered by team and worker. */
export function queueRows(items: readonly QueueItem[], filter: QueueFilter, now = new Date()): QueueRow[] {
  return items
    .filter((i) => (!filter.teamId || i.teamId === filter.teamId) && (!filter.workerId || i.workerId === filter.workerId))
    .map((i) => ({
      subject: i.subject,
      since: londonDate(i.since),
      ageDays: i.ageDays,
      due: i.due ? londonDate(i.due) : '',
      overdue: i.due !== undefined && Date.parse(i.due) < now.getTime(),
      teamId: i.teamId ?? '',
      workerId: i.workerId ?? '',
    }));
}

export const PAGE_SIZE = 100;

export function pageOf<T>(rows: readonly T[], page: number): { rows: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  const p = Math.min(Math.max(1, page), pages);
  return { rows: rows.slice((p - 1) * PAGE_SIZE, p * PAGE_SIZE), page: p, pages };
}
