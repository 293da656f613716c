import { Type, type Static } from '@sinclair/typebox';
import { Code, RecordId } from '../fields';
import { StringEnum } from '../schema-helpers';
import { EventData } from './event-data';

// SSDA903 codes. LS and PLACE are a letter and a digit (C2, V2, L1; U1, R1, K2); lists change by
// collection year, so the shape is checked here and the list itself where a figure depends on it.
const LegalStatus = Type.String({ pattern: '^[A-Z][0-9]$', description: 'a 903 legal status code (e.g. C2, V2, L1)' });
const PlacementType = Type.String({
  pattern: '^[A-Z][0-9]$',
  description: 'a 903 placement type code (e.g. U1, R1, K2)',
});
const Provider = Type.String({ pattern: '^PR[0-6]$', description: 'a 903 placement provider code PR0–PR6' });

export const LacStartedData = EventData({
  periodId: RecordId,
  legalStatus: LegalStatus,
  placementType: PlacementType,
  provider: Type.Optional(Provider),
  uasc: Type.Optional(Type.Boolean()),
  // The first placement is meant to last until 18 (reg 28: 3-monthly visits after the first year).
  intendedToEighteen: Type.Optional(Type.Boolean()),
  // The sender does not know the period began here (an import of a return that starts mid-period):
  // counted in snapshots from this date, never in lac.started.
  startInferred: Type.Optional(Type.Boolean()),
  // For senders without a legal status: read as V3 (metrics.md "Short breaks").
  shortBreak: Type.Optional(Type.Boolean()),
});
export type LacStartedData = Static<typeof LacStartedData>;

export const LacPlacementChangedData = EventData({
  periodId: RecordId,
  placementType: PlacementType,
  provider: Type.Optional(Provider),
  reason: Type.Optional(Code('a 903 reason for placement change (e.g. CARPL)')),
  // Our addition to 903: the reg 28 visit interval depends on it.
  intendedToEighteen: Type.Optional(Type.Boolean()),
});
export type LacPlacementChangedData = Static<typeof LacPlacementChangedData>;

export const LacLegalStatusChangedData = EventData({ periodId: RecordId, legalStatus: LegalStatus });
export type LacLegalStatusChangedData = Static<typeof LacLegalStatusChangedData>;

export const LacEndedData = EventData({
  periodId: RecordId,
  // Every 903 reason for ceasing care is an E code: E2…E9, E11–E17, E41, E45–E48, E4A, E4B.
  reason: Type.String({
    pattern: '^E[0-9][0-9A-Z]?$',
    description: 'a 903 reason episode ceased (e.g. E11, E45, E13)',
  }),
});
export type LacEndedData = Static<typeof LacEndedData>;

export const LacReviewHeldData = EventData({ periodId: RecordId });
export type LacReviewHeldData = Static<typeof LacReviewHeldData>;

export const HealthAssessmentCompletedData = EventData({ kind: StringEnum(['initial', 'review'] as const) });
export type HealthAssessmentCompletedData = Static<typeof HealthAssessmentCompletedData>;

export const DentalCheckCompletedData = EventData({});
export type DentalCheckCompletedData = Static<typeof DentalCheckCompletedData>;

export const PepCompletedData = EventData({});
export type PepCompletedData = Static<typeof PepCompletedData>;
