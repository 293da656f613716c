import { Type, type Static } from '@sinclair/typebox';
import { DateTime, PracticeTime, Subject, TeamId, WorkerId } from '../fields';
import { StringEnum } from '../schema-helpers';
import { NextCursor } from './paging';

export const QUEUE_IDS = [
  'contacts-awaiting-decision',
  'referrals-awaiting-allocation',
  'assessments-open',
  'assessments-overdue',
  'visits-overdue',
  'visits-due-7d',
  'lac-reviews-due-7d',
  'return-interviews-due',
] as const;
export type QueueId = (typeof QUEUE_IDS)[number];

export const QueueItem = Type.Object(
  {
    subject: Subject,
    since: PracticeTime,
    due: Type.Optional(DateTime),
    teamId: Type.Optional(TeamId),
    workerId: Type.Optional(WorkerId),
    ageDays: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type QueueItem = Static<typeof QueueItem>;

/** `GET /v1/tenants/{tenant}/queues/{queueId}`, oldest first. */
export const QueueList = Type.Object({ asOf: DateTime, items: Type.Array(QueueItem), nextCursor: NextCursor }, { additionalProperties: false });
export type QueueList = Static<typeof QueueList>;

/** SSE `event: queue` payload. */
export const QueueSize = Type.Object({ queueId: StringEnum(QUEUE_IDS), size: Type.Integer({ minimum: 0 }) }, { additionalProperties: false });
export type QueueSize = Static<typeof QueueSize>;
