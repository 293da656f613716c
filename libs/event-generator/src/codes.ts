// Code lists and the shares drawn from them. Where a share comes from published national
// statistics it says so ([EES-CIN], [EES-CLA]: ../shared/spec/domain-notes.md beside the repository, §5 and §7);
// "approx." marks a rounded figure from the same DfE releases recalled rather than quoted, and
// "assumed" a modelling choice with no national figure behind it.
import type { Weighted } from './prng';

/** CIN census ReferralSource (also used for contacts). Approx. shares of referrals, CIN 2023-24. */
export const REFERRAL_SOURCES: Weighted<string> = [
  ['6', 29], // police
  ['2A', 18], // schools
  ['2B', 2], // education services
  ['3A', 3], // health: GP
  ['3B', 2], // health visitor
  ['3C', 1], // school nurse
  ['3D', 2], // other primary health
  ['3E', 4], // A&E
  ['3F', 3], // other health
  ['5A', 6], // LA social care
  ['5B', 5], // LA other internal
  ['5C', 2], // LA external
  ['1A', 4], // family, relative, carer
  ['1B', 1], // acquaintance
  ['1C', 1], // self
  ['1D', 1], // other individual
  ['4', 2], // housing
  ['7', 3], // other legal agency
  ['8', 8], // other
  ['9', 1], // anonymous
  ['10', 2], // unknown
];

/** Contact decisions (assumed: Annex A front doors pass roughly 4 in 10 contacts to a referral). */
export const CONTACT_OUTCOMES: Weighted<'referral' | 'early-help' | 'nfa' | 'advice'> = [
  ['referral', 42],
  ['early-help', 18],
  ['nfa', 28],
  ['advice', 12],
];

/** Primary need at assessment, approx. CIN 2023-24 (abuse or neglect about 57%). */
export const PRIMARY_NEEDS: Weighted<string> = [
  ['N1', 57], // abuse or neglect
  ['N2', 4], // child's disability
  ['N3', 3], // parental illness or disability
  ['N4', 9], // family in acute stress
  ['N5', 14], // family dysfunction
  ['N6', 3], // socially unacceptable behaviour
  ['N7', 1], // low income
  ['N8', 3], // absent parenting
  ['N9', 3], // cases other than children in need
  ['N0', 3], // not stated
];

/**
 * Factors identified at assessment: each drawn independently with roughly its national share
 * (approx. CIN 2023-24: domestic abuse concerning a parent ~30%, parental mental health ~24%…).
 * 3A/3B/3C = domestic abuse (child / parent / other person).
 */
export const FACTORS: Weighted<string> = [
  ['3B', 0.3],
  ['4B', 0.24],
  ['3A', 0.12],
  ['3C', 0.06],
  ['2B', 0.11], // drug misuse: parent
  ['1B', 0.1], // alcohol misuse: parent
  ['4A', 0.09], // mental health: child
  ['6B', 0.06], // physical disability or illness: parent
  ['5A', 0.05], // learning disability: child
  ['15A', 0.04], // self-harm
  ['14A', 0.03], // socially unacceptable behaviour
  ['10A', 0.03], // going or being missing
  ['11A', 0.02], // child sexual exploitation
  ['7A', 0.02], // young carer
];

/** Initial category of CP plans, approx. CIN 2023-24 (neglect ~50%, emotional ~38%). */
export const CP_CATEGORIES: Weighted<'NEG' | 'PHY' | 'SAB' | 'EMO' | 'MUL'> = [
  ['NEG', 50],
  ['EMO', 38],
  ['PHY', 7],
  ['SAB', 3],
  ['MUL', 2],
];

/** Ethnicity (census codes), roughly the mix of children in need in England (approx.). */
export const ETHNICITIES: Weighted<string> = [
  ['WBRI', 64],
  ['WOTH', 5],
  ['WIRT', 0.3],
  ['WROM', 1],
  ['MWBC', 4],
  ['MWBA', 1],
  ['MWAS', 1],
  ['MOTH', 3],
  ['AIND', 1],
  ['APKN', 3],
  ['ABAN', 1.5],
  ['AOTH', 1.5],
  ['BCRB', 2],
  ['BAFR', 4],
  ['BOTH', 1],
  ['CHNE', 0.3],
  ['OOTH', 3],
  ['REFU', 1],
  ['NOBT', 2],
];

/** Age in whole years at first contact (approx. CIN: under 1s ~10%, 10–15 the largest band). */
export const AGE_AT_FIRST_CONTACT: Weighted<[number, number]> = [
  [[0, 0], 9],
  [[1, 4], 20],
  [[5, 9], 25],
  [[10, 15], 34],
  [[16, 17], 12],
];

/** 903 placement types for a first or later placement, by age band (approx. CLA at 31 March). */
export const PLACEMENTS_UNDER_11: Weighted<string> = [
  ['U4', 30], // foster, other, placed inside the LA area
  ['U5', 18], // foster, other, placed outside the area
  ['U6', 8], // foster, other, with an agency
  ['U1', 12], // foster with relative or friend, long term
  ['U2', 6],
  ['U3', 8], // friend or relative, other
  ['P1', 7], // placed with parent(s)
  ['K2', 2], // children's home
];
export const PLACEMENTS_11_TO_15: Weighted<string> = [
  ['U4', 24],
  ['U5', 16],
  ['U6', 10],
  ['U1', 7],
  ['U3', 5],
  ['K2', 24],
  ['P1', 5],
  ['R1', 3], // residential care home
  ['S1', 2], // residential school
  ['K1', 1], // secure children's home
];
export const PLACEMENTS_16_PLUS: Weighted<string> = [
  ['U4', 18],
  ['U5', 10],
  ['U6', 8],
  ['K2', 22],
  ['H5', 32], // supported accommodation (16+)
  ['P1', 4],
  ['R5', 1], // young offender institution
];
/** 903 PLACE_PROVIDER for a placement type (PR6, new in 2025-26, is not used). */
export function providerFor(placementType: string, pickPrivate: boolean): string {
  if (placementType === 'P1') return 'PR0';
  if (placementType === 'U1' || placementType === 'U2' || placementType === 'U3' || placementType === 'U4') {
    return 'PR1';
  }
  if (placementType === 'R5' || placementType === 'R1') return 'PR3';
  return pickPrivate ? 'PR4' : 'PR5';
}

/** 903 REASON_PLACE_CHANGE (assumed mix). */
export const PLACEMENT_CHANGE_REASONS: Weighted<string> = [
  ['CARPL', 24], // change to care plan
  ['CREQB', 12], // carer requests, child's behaviour
  ['CREQO', 10], // carer requests, other
  ['LAREQ', 12], // LA request
  ['CHILD', 10], // child requests
  ['PLACE', 10], // placement closed / provider
  ['STAND', 8], // standards of care concern
  ['ALLEG', 4], // allegation
  ['APPRR', 3], // approval removed
  ['OTHER', 7],
];

/** Missing-episode kinds: 903 MISSING M (missing) or A (away without authorisation). */
export const MISSING_KINDS: Weighted<'missing' | 'away'> = [
  ['missing', 85],
  ['away', 15],
];
