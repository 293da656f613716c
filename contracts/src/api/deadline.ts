import { Type, type Static } from '@sinclair/typebox';
import { DateTime, PracticeTime, RecordId, Subject, TeamId, WorkerId } from '../fields';
import { Nullable, StringEnum } from '../schema-helpers';
import { NextCursor } from './paging';

export const DEADLINE_STATES = ['open', 'due-soon', 'overdue', 'met', 'met-late', 'cancelled'] as const;
export type DeadlineState = (typeof DEADLINE_STATES)[number];

export const RuleId = Type.String({
  pattern: '^[a-z0-9][a-z0-9-]{0,63}$',
  description: 'a rule id of lowercase letters, digits and - (e.g. lac-visit)',
});

export const Deadline = Type.Object(
  {
    deadlineId: RecordId,
    rule: RuleId,
    subject: Subject,
    state: StringEnum(DEADLINE_STATES),
    // The practice time of the event that started the clock, as sent (may be a date).
    startedAt: PracticeTime,
    // End of the last allowed day, London time with its offset.
    dueAt: DateTime,
    metAt: Nullable(PracticeTime, { description: 'a practice time or null' }),
    teamId: Type.Optional(TeamId),
    workerId: Type.Optional(WorkerId),
    explain: Type.String(),
  },
  { additionalProperties: false },
);
export type Deadline = Static<typeof Deadline>;

export const DeadlineList = Type.Object({ items: Type.Array(Deadline), nextCursor: NextCursor }, { additionalProperties: false });
export type DeadlineList = Static<typeof DeadlineList>;
