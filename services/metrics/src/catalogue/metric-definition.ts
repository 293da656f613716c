import type { EventType, MetricUnit, Polarity } from '@casewatch/contracts';

/** A condition on an event's data: the field equals one of the values. */
export interface DataCondition {
  field: string;
  anyOf: (string | boolean)[];
}

export interface EventSelector {
  type: EventType;
  where?: DataCondition[];
  /** Excluding events whose data matches (e.g. short breaks). */
  whereNot?: DataCondition[];
}

/** Events in the period (flow). */
export interface CountDefinition {
  kind: 'count';
  events: EventSelector;
}

/** Of the events in the period, the share that matches (flow percentage). */
export interface ShareDefinition {
  kind: 'share';
  events: EventSelector;
  numerator: DataCondition[];
}

/** Items open at the end of the period: started, not yet ended (snapshot). */
export interface OpenDefinition {
  kind: 'open';
  starts: EventSelector;
  /** Event types that close the item, matched on the same key field. */
  ends: EventType[];
  key: string;
  /** Count children (each once) or items. */
  distinct: 'subject' | 'item';
  /** Per 10,000 children aged 0–17 (the tenant's population). */
  per10k?: boolean;
}

export type MetricShapeDefinition = CountDefinition | ShareDefinition | OpenDefinition;

export interface MetricDefinition {
  id: string;
  title: string;
  unit: MetricUnit;
  shape: 'flow' | 'snapshot' | 'timeliness' | 'up-to-date' | 'average';
  polarity: Polarity;
  definition: MetricShapeDefinition;
}
