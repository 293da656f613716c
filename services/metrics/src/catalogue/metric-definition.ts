import type { EventType, MetricUnit, Polarity } from '@casewatch/contracts';
import type { DimensionId } from './breakdown-dimensions';

/** A condition on an event's data: the field equals one of the values, or (an array) holds one. */
export type DataCondition = { field: string; anyOf: (string | boolean)[] } | { field: string; containsAny: string[] };

export interface EventSelector {
  type: EventType;
  where?: DataCondition[];
  /** Excluding events whose data matches (e.g. short breaks). */
  whereNot?: DataCondition[];
}

/** What makes a selected event count in a share's numerator; any one term is enough. */
export type NumeratorTerm =
  | { data: DataCondition }
  /** The child had an earlier event of this type (within N days before, or ever). */
  | { prior: EventType; withinDays?: number }
  /** An event of this type for the child on or after the selected one, before the next selected one. */
  | { later: EventType; data: DataCondition };

/** Events in the period (flow). */
export interface CountDefinition {
  kind: 'count';
  events: EventSelector;
}

/** Of the events in the period, the share that matches (flow percentage). */
export interface ShareDefinition {
  kind: 'share';
  events: EventSelector;
  numerator: NumeratorTerm[];
}

/** An item that opens with one event and closes with another carrying the same key. */
export interface OpenItem {
  starts: EventSelector;
  ends: EventType[];
  key: string;
}

/** Items open at the end of the period: started, not yet ended (snapshot). */
export interface OpenDefinition extends OpenItem {
  kind: 'open';
  /** Count children (each once) or items. */
  distinct: 'subject' | 'item';
  /** Per 10,000 children aged 0–17 (the tenant's population). */
  per10k?: boolean;
  /** Only items open for at least this many days at the period end. */
  minAgeDays?: number;
  /** Only children with no allocated worker at the period end. */
  unallocated?: boolean;
  /** Only children who also have this kind of item open (e.g. looked after and on a CP plan). */
  alsoOpen?: OpenItem;
  /** A percentage of the open children: those with at least N of these events in the last D days. */
  shareWith?: { events: EventType[]; withinDays: number; atLeast: number };
}

/** Time from one event to another, for events selected in the period (average, or a share over a threshold). */
export interface IntervalDefinition {
  kind: 'interval';
  select: EventSelector;
  /** The child's latest event of this type up to the selected one (same key value when a key is given). */
  from: { type: EventType; key?: string };
  /** Defaults to the selected event itself. */
  to?: { type: EventType; key: string };
  measure: 'days' | 'working-days';
  aggregate: 'average' | { atLeastYears: number };
}

/** Of the children with such records, the share whose latest one up to the period end has the field true. */
export interface LatestDefinition {
  kind: 'latest';
  events: EventType;
  field: string;
}

/** Children allocated per worker at the period end. */
export interface CaseloadDefinition {
  kind: 'caseload';
  aggregate: 'average' | 'max';
}

/**
 * From the timescale rules (libs/timescales, as alerting uses them): `timeliness`, of the
 * deadlines completed in the period, the share met in time; `up-to-date`, of the children with a
 * live deadline of the rule at the period end, the share with none overdue; `overdue`, how many
 * live deadlines are overdue at the period end.
 */
export interface RuleDefinition {
  kind: 'timeliness' | 'up-to-date' | 'overdue';
  rule: string;
}

/**
 * Of the looked-after children due checks at the period end (libs/timescales healthChecksAt), the
 * share whose latest check is recent enough.
 */
export interface CheckDefinition {
  kind: 'check-up-to-date';
  check: 'health' | 'dental';
}

/**
 * Looked-after children as DfE counts them, from each child's periods of care (readCare in
 * libs/timescales: the legal status in force decides, short breaks V3/V4 never count, one period
 * open at a time). Per child, never per event:
 * - `looked-after`: looked after at the period end, not on a short break (snapshot);
 * - `started`: a start in the period that was not a short break nor `startInferred` (flow; the first);
 * - `ceased`: a csc.lac.ended in the period under a status other than V3/V4 (flow; the last decides the reason).
 */
export interface CareDefinition {
  kind: 'care';
  measure: 'looked-after' | 'started' | 'ceased';
  per10k?: boolean;
  /** looked-after: only periods of unaccompanied asylum-seeking children (lac.started `uasc`). */
  uasc?: boolean;
  /** looked-after: only children who also have this kind of item open (on a CP plan). */
  alsoOpen?: OpenItem;
  /**
   * looked-after, a percentage: those with at least N placements while looked after during the M
   * months to the period end; the placement in progress when they begin counts, a change of legal
   * status is not a placement.
   */
  placements?: { months: number; atLeast: number };
  /** ceased, a percentage: those whose last ending in the period has one of these reasons. */
  reasons?: string[];
}

export type SqlShapeDefinition = CountDefinition | ShareDefinition | OpenDefinition | IntervalDefinition | LatestDefinition | CaseloadDefinition;

export type MetricShapeDefinition =
  | CareDefinition
  | RuleDefinition
  | CheckDefinition
  | CountDefinition
  | ShareDefinition
  | OpenDefinition
  | IntervalDefinition
  | LatestDefinition
  | CaseloadDefinition;

export interface MetricDefinition {
  id: string;
  title: string;
  unit: MetricUnit;
  shape: 'flow' | 'snapshot' | 'timeliness' | 'up-to-date' | 'average';
  polarity: Polarity;
  definition: MetricShapeDefinition;
  /** The dimensions it can be broken down by (metrics.md "Breakdowns"). */
  breakdowns?: readonly DimensionId[];
}

/** Figures from the shared rules rather than SQL. */
export function isRuleDefinition(d: MetricShapeDefinition): d is RuleDefinition | CheckDefinition {
  return d.kind === 'timeliness' || d.kind === 'up-to-date' || d.kind === 'overdue' || d.kind === 'check-up-to-date';
}
