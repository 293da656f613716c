import { Type, type Static, type TLiteral, type TObject } from '@sinclair/typebox';
import { ENVELOPE_PROPERTIES, type EnvelopeAttributes } from '../envelope';
import { ChildDetailsRecordedData } from './child';
import {
  AssessmentCompletedData,
  AssessmentStartedData,
  CinPlanEndedData,
  CinPlanStartedData,
  CpPlanEndedData,
  CpPlanStartedData,
  CpReviewHeldData,
  IcpcHeldData,
  S47CompletedData,
  S47StartedData,
  StrategyDiscussionHeldData,
} from './child-protection';
import { EventRetractedData } from './corrections';
import { ContactDecidedData, ContactReceivedData, ReferralClosedData, ReferralReceivedData, WorkerAllocatedData, WorkerUnallocatedData } from './front-door';
import {
  DentalCheckCompletedData,
  HealthAssessmentCompletedData,
  LacEndedData,
  LacLegalStatusChangedData,
  LacPlacementChangedData,
  LacReviewHeldData,
  LacStartedData,
  PepCompletedData,
} from './looked-after';
import {
  AdoptionMilestoneData,
  CareLeaverContactRecordedData,
  MissingEndedData,
  MissingStartedData,
  PloData,
  ProceedingsData,
  ReturnInterviewCompletedData,
  VisitCompletedData,
} from './visits-and-more';

/** Catalogue v1 (events.md): event type → schema of its `data`. Published entries never change. */
export const EVENT_DATA_SCHEMAS = {
  'csc.child.details-recorded': ChildDetailsRecordedData,
  'csc.contact.received': ContactReceivedData,
  'csc.contact.decided': ContactDecidedData,
  'csc.referral.received': ReferralReceivedData,
  'csc.referral.closed': ReferralClosedData,
  'csc.worker.allocated': WorkerAllocatedData,
  'csc.worker.unallocated': WorkerUnallocatedData,
  'csc.assessment.started': AssessmentStartedData,
  'csc.assessment.completed': AssessmentCompletedData,
  'csc.strategy-discussion.held': StrategyDiscussionHeldData,
  'csc.s47.started': S47StartedData,
  'csc.s47.completed': S47CompletedData,
  'csc.icpc.held': IcpcHeldData,
  'csc.cp-plan.started': CpPlanStartedData,
  'csc.cp-review.held': CpReviewHeldData,
  'csc.cp-plan.ended': CpPlanEndedData,
  'csc.cin-plan.started': CinPlanStartedData,
  'csc.cin-plan.ended': CinPlanEndedData,
  'csc.lac.started': LacStartedData,
  'csc.lac.placement-changed': LacPlacementChangedData,
  'csc.lac.legal-status-changed': LacLegalStatusChangedData,
  'csc.lac.ended': LacEndedData,
  'csc.lac-review.held': LacReviewHeldData,
  'csc.health-assessment.completed': HealthAssessmentCompletedData,
  'csc.dental-check.completed': DentalCheckCompletedData,
  'csc.pep.completed': PepCompletedData,
  'csc.visit.completed': VisitCompletedData,
  'csc.missing.started': MissingStartedData,
  'csc.missing.ended': MissingEndedData,
  'csc.return-interview.completed': ReturnInterviewCompletedData,
  'csc.care-leaver.contact-recorded': CareLeaverContactRecordedData,
  'csc.plo.started': PloData,
  'csc.plo.ended': PloData,
  'csc.proceedings.issued': ProceedingsData,
  'csc.proceedings.ended': ProceedingsData,
  'csc.adoption.decision-made': AdoptionMilestoneData,
  'csc.adoption.placement-order-granted': AdoptionMilestoneData,
  'csc.adoption.matched': AdoptionMilestoneData,
  'csc.adoption.placed': AdoptionMilestoneData,
  'csc.event.retracted': EventRetractedData,
} as const satisfies Record<string, TObject>;

export type EventType = keyof typeof EVENT_DATA_SCHEMAS;

export const EVENT_TYPES = Object.freeze(Object.keys(EVENT_DATA_SCHEMAS)) as readonly EventType[];

const KNOWN_TYPES: ReadonlySet<string> = new Set(EVENT_TYPES);

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && KNOWN_TYPES.has(value);
}

/** The `data` of one event type. */
export type EventDataOf<K extends EventType> = Static<(typeof EVENT_DATA_SCHEMAS)[K]>;

/** A case event of one type: envelope plus typed `data`. */
export type CaseEventOf<K extends EventType> = EnvelopeAttributes & { type: K; data: EventDataOf<K> };

/** Any case event; `switch (event.type)` narrows `data`. */
export type CaseEvent = { [K in EventType]: CaseEventOf<K> }[EventType];

type CaseEventSchemaOf<K extends EventType> = TObject<typeof ENVELOPE_PROPERTIES & { type: TLiteral<K>; data: (typeof EVENT_DATA_SCHEMAS)[K] }>;

function caseEventSchema<K extends EventType>(type: K): CaseEventSchemaOf<K> {
  return Type.Object({ ...ENVELOPE_PROPERTIES, type: Type.Literal(type), data: EVENT_DATA_SCHEMAS[type] }, { additionalProperties: false, title: type });
}

/** The full JSON Schema (envelope + data) of each event type. */
export const CASE_EVENT_SCHEMAS = Object.freeze(Object.fromEntries(EVENT_TYPES.map((type) => [type, caseEventSchema(type)]))) as {
  readonly [K in EventType]: CaseEventSchemaOf<K>;
};

/** Every case event as one schema (anyOf), for docs such as OpenAPI; validate with createEventValidator. */
export const CaseEventSchema = Type.Union(EVENT_TYPES.map((type) => CASE_EVENT_SCHEMAS[type]));
