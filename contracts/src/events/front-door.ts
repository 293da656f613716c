import { Type, type Static } from '@sinclair/typebox';
import { Code, RecordId, TeamId, WorkerId } from '../fields';
import { StringEnum } from '../schema-helpers';
import { EventData } from './event-data';

/** CIN assessment factor codes, e.g. 3A (domestic abuse: child), 21 (no factors). */
export const FactorCodes = Type.Array(Type.String({ pattern: '^[0-9]{1,2}[A-Z]?$', description: 'a CIN assessment factor code (e.g. 3A, 21)' }), {
  maxItems: 64,
});

export const ContactReceivedData = EventData({
  contactId: RecordId,
  source: Type.Optional(Code('an Annex A / CIN referral source code (e.g. 1A, 3A)')),
});
export type ContactReceivedData = Static<typeof ContactReceivedData>;

export const CONTACT_OUTCOMES = ['referral', 'early-help', 'nfa', 'advice'] as const;
export const ContactDecidedData = EventData({
  contactId: RecordId,
  outcome: StringEnum(CONTACT_OUTCOMES),
});
export type ContactDecidedData = Static<typeof ContactDecidedData>;

export const ReferralReceivedData = EventData({
  referralId: RecordId,
  source: Type.Optional(Code('an Annex A / CIN referral source code (e.g. 1A, 3A)')),
  primaryNeed: Type.Optional(Type.String({ pattern: '^N[0-9]$', description: 'a CIN primary need code N0–N9' })),
  factors: Type.Optional(FactorCodes),
});
export type ReferralReceivedData = Static<typeof ReferralReceivedData>;

export const ReferralClosedData = EventData({
  referralId: RecordId,
  reason: Type.Optional(Type.String({ pattern: '^RC[1-9]$', description: 'a CIN closure reason RC1–RC9' })),
});
export type ReferralClosedData = Static<typeof ReferralClosedData>;

// Allocation names who now holds the case, so here both ids are required.
export const WorkerAllocatedData = EventData({ workerId: WorkerId, teamId: TeamId });
export type WorkerAllocatedData = Static<typeof WorkerAllocatedData>;

export const WorkerUnallocatedData = EventData({});
export type WorkerUnallocatedData = Static<typeof WorkerUnallocatedData>;
