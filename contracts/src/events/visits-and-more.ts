import { Type, type Static } from '@sinclair/typebox';
import { RecordId } from '../fields';
import { StringEnum } from '../schema-helpers';
import { EventData } from './event-data';

export const VISIT_KINDS = ['cp', 'cin', 'lac'] as const;
export const VisitCompletedData = EventData({
  visitId: RecordId,
  kind: StringEnum(VISIT_KINDS),
  seen: Type.Boolean(),
  seenAlone: Type.Optional(Type.Boolean()),
  // A virtual visit meets a statutory visit rule only where the tenant allows it.
  virtual: Type.Optional(Type.Boolean()),
});
export type VisitCompletedData = Static<typeof VisitCompletedData>;

export const MissingStartedData = EventData({
  missingId: RecordId,
  kind: StringEnum(['missing', 'away'] as const),
});
export type MissingStartedData = Static<typeof MissingStartedData>;

export const MissingEndedData = EventData({ missingId: RecordId });
export type MissingEndedData = Static<typeof MissingEndedData>;

export const ReturnInterviewCompletedData = EventData({ missingId: RecordId, accepted: Type.Boolean() });
export type ReturnInterviewCompletedData = Static<typeof ReturnInterviewCompletedData>;

export const CareLeaverContactRecordedData = EventData({
  inTouch: Type.Boolean(),
  suitableAccommodation: Type.Optional(Type.Boolean()),
  eet: Type.Optional(Type.Boolean()),
});
export type CareLeaverContactRecordedData = Static<typeof CareLeaverContactRecordedData>;

export const PloData = EventData({ ploId: RecordId });
export type PloData = Static<typeof PloData>;

export const ProceedingsData = EventData({ proceedingsId: RecordId });
export type ProceedingsData = Static<typeof ProceedingsData>;

export const AdoptionMilestoneData = EventData({ periodId: RecordId });
export type AdoptionMilestoneData = Static<typeof AdoptionMilestoneData>;
