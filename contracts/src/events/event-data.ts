import { Type, type TProperties } from '@sinclair/typebox';
import { TeamId, WorkerId } from '../fields';

/**
 * The data of a child event: its own fields plus the optional `teamId`/`workerId` of whoever holds
 * the work at that moment (events.md), and nothing else, so a typo'd field is rejected.
 */
export function EventData<T extends TProperties>(properties: T) {
  return Type.Object({ teamId: Type.Optional(TeamId), workerId: Type.Optional(WorkerId), ...properties }, { additionalProperties: false });
}
