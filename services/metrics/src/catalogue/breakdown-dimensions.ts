// The dimensions a metric can be broken down by (metrics.md "Breakdowns"): where each reads its
// key, and the labels of its codes. Which metric has which is data in its catalogue definition
// (`team` every metric whose figure is counted from rows has: breakdownsOf).
import type { MetricDefinition } from './metric-definition';

export const DIMENSION_IDS = [
  'source',
  'factor',
  'primaryNeed',
  'outcome',
  'category',
  'legalStatus',
  'placementType',
  'reason',
  'ageBand',
  'uasc',
  'team',
] as const;
export type DimensionId = (typeof DIMENSION_IDS)[number];

/** A record without the field counts under this key. */
export const UNKNOWN_KEY = 'unknown';

/**
 * Where a dimension's key comes from: a field of the counted event's data (`multi`: an array, the
 * item counts under each of its values), the child's care in force (looked-after metrics), the
 * child's age, or the team holding the case when the figure's team scopes read it.
 */
export type DimensionSource =
  { event: string; multi?: boolean } | { care: 'legalStatus' | 'placementType' | 'reason' | 'uasc' } | { age: true } | { team: true };

export interface Dimension {
  id: DimensionId;
  from: DimensionSource;
  labels: Readonly<Record<string, string>>;
}

/** Age bands of DfE's tables; a child not yet born, or 18 or over, is outside them. */
export const AGE_BANDS = ['under-1', '1-4', '5-9', '10-15', '16-17'] as const;

// CIN census ReferralSource (contacts use the same list).
const SOURCES = {
  '1A': 'Individual: family member, relative or carer',
  '1B': 'Individual: acquaintance',
  '1C': 'Individual: self',
  '1D': 'Individual: other',
  '2A': 'Schools',
  '2B': 'Education services',
  '3A': 'Health: GP',
  '3B': 'Health: health visitor',
  '3C': 'Health: school nurse',
  '3D': 'Health: other primary health services',
  '3E': 'Health: A&E',
  '3F': 'Health: other',
  '4': 'Housing',
  '5A': 'LA services: social care',
  '5B': 'LA services: other internal',
  '5C': 'LA services: external',
  '5D': 'LA services: early help',
  '6': 'Police',
  '7': 'Other legal agency',
  '8': 'Other',
  '9': 'Anonymous',
  '10': 'Unknown',
};

// CIN census assessment factors (the collection's list; a code not here is labelled by itself).
const FACTORS = {
  '1A': 'Alcohol misuse: child',
  '1B': 'Alcohol misuse: parent',
  '1C': 'Alcohol misuse: other person',
  '2A': 'Drug misuse: child',
  '2B': 'Drug misuse: parent',
  '2C': 'Drug misuse: other person',
  '3A': 'Domestic abuse: child',
  '3B': 'Domestic abuse: parent',
  '3C': 'Domestic abuse: other person',
  '4A': 'Mental health: child',
  '4B': 'Mental health: parent',
  '4C': 'Mental health: other person',
  '5A': 'Learning disability: child',
  '5B': 'Learning disability: parent',
  '5C': 'Learning disability: other person',
  '6A': 'Physical disability or illness: child',
  '6B': 'Physical disability or illness: parent',
  '6C': 'Physical disability or illness: other person',
  '7A': 'Young carer',
  '8B': 'Privately fostered: other',
  '8C': 'Privately fostered: overseas, intending to stay',
  '8D': 'Privately fostered: overseas, intending to return',
  '8E': 'Privately fostered: UK family',
  '8F': 'Privately fostered: UK, education',
  '9A': 'Unaccompanied asylum-seeking child',
  '10A': 'Going or being missing',
  '11A': 'Child sexual exploitation',
  '12A': 'Trafficking',
  '13A': 'Gangs',
  '14A': 'Socially unacceptable behaviour',
  '15A': 'Self-harm',
  '16A': 'Abuse or neglect: neglect',
  '17A': 'Abuse or neglect: emotional abuse',
  '18B': 'Abuse or neglect: physical abuse',
  '18C': 'Abuse or neglect: sexual abuse',
  '19A': 'Female genital mutilation (before 2019)',
  '19B': 'Female genital mutilation: concerns about the child',
  '19C': 'Female genital mutilation: concerns about another',
  '20': 'Faith or belief',
  '21': 'No factors identified',
  '22A': 'Child criminal exploitation',
  '23A': 'Radicalisation',
  '24A': 'Child on child abuse',
};

const PRIMARY_NEEDS = {
  N0: 'Not stated',
  N1: 'Abuse or neglect',
  N2: "Child's disability or illness",
  N3: 'Parental illness or disability',
  N4: 'Family in acute stress',
  N5: 'Family dysfunction',
  N6: 'Socially unacceptable behaviour',
  N7: 'Low income',
  N8: 'Absent parenting',
  N9: 'Cases other than children in need',
};

const OUTCOMES = { nfa: 'No further action', cin: 'Child in need', cp: 'Child protection', lac: 'Looked after', 'early-help': 'Early help' };

const CATEGORIES = { NEG: 'Neglect', PHY: 'Physical abuse', SAB: 'Sexual abuse', EMO: 'Emotional abuse', MUL: 'Multiple' };

// 903 LS.
const LEGAL_STATUSES = {
  C1: 'Interim care order',
  C2: 'Full care order',
  D1: 'Freeing order granted',
  E1: 'Placement order granted',
  J1: 'Remanded to LA accommodation or youth detention',
  J2: 'Placed in LA accommodation under PACE',
  J3: 'Sentenced to a youth rehabilitation order',
  L1: 'Police protection',
  L2: 'Emergency protection order',
  L3: 'Child assessment order',
  V2: 'Single period of accommodation under section 20',
  V3: 'Short breaks: single placement',
  V4: 'Short breaks: series of placements',
};

// 903 PLACE.
const PLACEMENT_TYPES = {
  A3: 'Placed for adoption with parental consent, with current foster carer',
  A4: 'Placed for adoption with parental consent, not with current foster carer',
  A5: 'Placed for adoption with placement order, with current foster carer',
  A6: 'Placed for adoption with placement order, not with current foster carer',
  H5: 'Semi-independent living accommodation',
  K1: 'Secure children’s home',
  K2: 'Children’s home',
  P1: 'Placed with parent(s) or person with parental responsibility',
  P2: 'Independent living',
  P3: 'Residential employment',
  R1: 'Residential care home',
  R2: 'NHS or health trust establishment',
  R3: 'Family centre or mother and baby unit',
  R5: 'Young offender institution or prison',
  S1: 'Residential school',
  T0: 'Temporary placement: all types',
  U1: 'Foster: relative or friend, long term',
  U2: 'Foster: relative or friend, FFA or concurrent planning',
  U3: 'Foster: relative or friend, other',
  U4: 'Foster: other, long term',
  U5: 'Foster: other, FFA or concurrent planning',
  U6: 'Foster: other',
  Z1: 'Other placements',
};

// 903 REC.
const REASONS = {
  E11: 'Adopted: application unopposed',
  E12: 'Adopted: consent dispensed with',
  E13: 'Left care to live with parents, relatives or other person with parental responsibility',
  E14: 'Accommodation on remand ended',
  E15: 'Age assessment: aged 18 or over',
  E16: 'Child moved abroad',
  E17: 'Aged 18 (or over) and remained with current carers',
  E2: 'Died',
  E3: 'Care taken over by another LA',
  E41: 'Child arrangements order (residence)',
  E43: 'Special guardianship order: former foster carers (before 2015)',
  E44: 'Special guardianship order: other (before 2015)',
  E45: 'Special guardianship order: former foster carers',
  E46: 'Special guardianship order: relatives or friends (not foster carers)',
  E47: 'Special guardianship order: relatives or friends (former foster carers)',
  E48: 'Special guardianship order: other',
  E4A: 'Returned home to parents (care planned)',
  E4B: 'Returned home to parents (not care planned)',
  E5: 'Moved into independent living (supportive accommodation)',
  E6: 'Moved into independent living (no formal support)',
  E7: 'Transferred to residential care funded by adult social care',
  E8: 'Period of care ended for any other reason',
  E9: 'Sentenced to custody',
};

const AGE_BAND_LABELS = {
  'under-1': 'Under 1',
  '1-4': '1 to 4',
  '5-9': '5 to 9',
  '10-15': '10 to 15',
  '16-17': '16 to 17',
  unborn: 'Not yet born',
  '18-plus': '18 and over',
};

export const DIMENSIONS: Readonly<Record<DimensionId, Dimension>> = {
  source: { id: 'source', from: { event: 'source' }, labels: SOURCES },
  factor: { id: 'factor', from: { event: 'factors', multi: true }, labels: FACTORS },
  primaryNeed: { id: 'primaryNeed', from: { event: 'primaryNeed' }, labels: PRIMARY_NEEDS },
  outcome: { id: 'outcome', from: { event: 'outcome' }, labels: OUTCOMES },
  category: { id: 'category', from: { event: 'category' }, labels: CATEGORIES },
  legalStatus: { id: 'legalStatus', from: { care: 'legalStatus' }, labels: LEGAL_STATUSES },
  placementType: { id: 'placementType', from: { care: 'placementType' }, labels: PLACEMENT_TYPES },
  reason: { id: 'reason', from: { care: 'reason' }, labels: REASONS },
  ageBand: { id: 'ageBand', from: { age: true }, labels: AGE_BAND_LABELS },
  uasc: { id: 'uasc', from: { care: 'uasc' }, labels: { yes: 'Unaccompanied asylum-seeking', no: 'Not unaccompanied asylum-seeking' } },
  // A team is labelled by its id.
  team: { id: 'team', from: { team: true }, labels: {} },
};

// Figures whose rows a breakdown groups, in a unit an item can carry (a rate or an average per team is not a share of the metric).
const TEAM_KINDS = new Set(['count', 'share', 'open', 'care']);

/** The dimensions a metric can be broken down by: its catalogue's, and `team` where its figure is counted from rows. */
export function breakdownsOf(def: MetricDefinition): DimensionId[] {
  const own = [...(def.breakdowns ?? [])];
  const team = TEAM_KINDS.has(def.definition.kind) && (def.unit === 'count' || def.unit === 'percent');
  return team ? [...own, 'team'] : own;
}

/** A key's label: the code's name, else the code itself. */
export function labelOf(dimension: Dimension, key: string): string {
  if (key === UNKNOWN_KEY) return 'Not recorded';
  return dimension.labels[key] ?? key;
}
