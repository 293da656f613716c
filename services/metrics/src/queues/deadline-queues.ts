import type { QueueItem } from '@casewatch/contracts';
import type { DeadlineFacts as Deadline } from '../catalogue/deadline-facts.model';

const DAY_MS = 86_400_000;
const VISITS = ['cp-visit', 'cin-visit', 'lac-visit'];
const LIVE = ['open', 'due-soon', 'overdue'];

/** The queues answered from the children's deadlines (the rule engine alerting uses), as data. */
export const DEADLINE_QUEUES: Record<string, (d: Deadline, now: number) => boolean> = {
  'assessments-overdue': (d) => d.rule === 'assessment' && d.state === 'overdue',
  'visits-overdue': (d) => VISITS.includes(d.rule) && d.state === 'overdue',
  'visits-due-7d': (d, now) => VISITS.includes(d.rule) && (d.state === 'open' || d.state === 'due-soon') && d.dueAt <= now + 7 * DAY_MS,
  'lac-reviews-due-7d': (d, now) => d.rule === 'lac-review' && (d.state === 'open' || d.state === 'due-soon') && d.dueAt <= now + 7 * DAY_MS,
  'return-interviews-due': (d) => d.rule === 'return-interview' && LIVE.includes(d.state),
};

/** A queue's items, oldest first by (start, subject, rule, due): a key no two of a child's deadlines share. */
export function deadlineQueueItems(queueId: string, deadlines: Deadline[], now: number): { item: QueueItem; key: [number, string, string, number] }[] {
  const matches = DEADLINE_QUEUES[queueId];
  return deadlines
    .filter((d) => matches(d, now))
    .map((d) => {
      const item: QueueItem = {
        subject: d.subject,
        since: new Date(d.startedAt).toISOString(),
        due: new Date(d.dueAt).toISOString(),
        ageDays: Math.max(0, Math.floor((now - d.startedAt) / DAY_MS)),
      };
      if (d.teamId) item.teamId = d.teamId;
      if (d.workerId) item.workerId = d.workerId;
      return { item, key: [d.startedAt, d.subject, d.rule, d.dueAt] as [number, string, string, number] };
    });
}
