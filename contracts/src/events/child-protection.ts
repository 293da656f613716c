import { Type, type Static } from '@sinclair/typebox';
import { Code, RecordId } from '../fields';
import { StringEnum } from '../schema-helpers';
import { EventData } from './event-data';
import { FactorCodes } from './front-door';

export const AssessmentStartedData = EventData({
  assessmentId: RecordId,
  referralId: Type.Optional(RecordId),
});
export type AssessmentStartedData = Static<typeof AssessmentStartedData>;

export const ASSESSMENT_OUTCOMES = ['nfa', 'cin', 'cp', 'lac', 'early-help'] as const;
export const AssessmentCompletedData = EventData({
  assessmentId: RecordId,
  factors: Type.Optional(FactorCodes),
  outcome: Type.Optional(StringEnum(ASSESSMENT_OUTCOMES)),
});
export type AssessmentCompletedData = Static<typeof AssessmentCompletedData>;

export const StrategyDiscussionHeldData = EventData({
  strategyId: RecordId,
  outcome: StringEnum(['s47', 'no-s47'] as const),
});
export type StrategyDiscussionHeldData = Static<typeof StrategyDiscussionHeldData>;

export const S47StartedData = EventData({ s47Id: RecordId, strategyId: Type.Optional(RecordId) });
export type S47StartedData = Static<typeof S47StartedData>;

export const S47CompletedData = EventData({
  s47Id: RecordId,
  outcome: StringEnum(['icpc', 'nfa', 'continue-cin'] as const),
});
export type S47CompletedData = Static<typeof S47CompletedData>;

export const IcpcHeldData = EventData({
  conferenceId: RecordId,
  s47Id: Type.Optional(RecordId),
  outcome: StringEnum(['cp-plan', 'no-plan'] as const),
});
export type IcpcHeldData = Static<typeof IcpcHeldData>;

export const CP_CATEGORIES = ['NEG', 'PHY', 'SAB', 'EMO', 'MUL'] as const;
export const CpPlanStartedData = EventData({ cpPlanId: RecordId, category: StringEnum(CP_CATEGORIES) });
export type CpPlanStartedData = Static<typeof CpPlanStartedData>;

export const CpReviewHeldData = EventData({
  cpPlanId: RecordId,
  outcome: StringEnum(['continue', 'end'] as const),
});
export type CpReviewHeldData = Static<typeof CpReviewHeldData>;

export const CpPlanEndedData = EventData({
  cpPlanId: RecordId,
  reason: Type.Optional(Code('a plan end reason code')),
});
export type CpPlanEndedData = Static<typeof CpPlanEndedData>;

export const CinPlanStartedData = EventData({ cinPlanId: RecordId });
export type CinPlanStartedData = Static<typeof CinPlanStartedData>;

export const CinPlanEndedData = EventData({ cinPlanId: RecordId });
export type CinPlanEndedData = Static<typeof CinPlanEndedData>;
