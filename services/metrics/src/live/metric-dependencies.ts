import type { EventRow } from '@casewatch/event-store';
import { isRuleDefinition, type MetricDefinition } from '../catalogue/metric-definition';

/** Events that can change any figure: corrections, and who holds a case (scopes, unallocated). */
const EVERYWHERE = new Set(['csc.event.retracted', 'csc.worker.allocated', 'csc.worker.unallocated']);

/**
 * The event types a metric's figure reads, from its definition (every `csc.` type it names), or
 * undefined for the rule-based and looked-after ones (recomputed on the full pass).
 */
export function eventTypesOf(def: MetricDefinition): Set<string> | undefined {
  // Asked on every applied batch: definitions are constant, so each is read once.
  if (READS.has(def)) return READS.get(def);
  const reads = readTypes(def);
  READS.set(def, reads);
  return reads;
}

const READS = new WeakMap<MetricDefinition, Set<string> | undefined>();

function readTypes(def: MetricDefinition): Set<string> | undefined {
  // Looked-after figures read the projected care (or every child's events while it is behind, far
  // too slow for the fast lane): the full pass computes them once the projection has caught up.
  if (isRuleDefinition(def.definition) || def.definition.kind === 'care') return undefined;
  const types = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string' && v.startsWith('csc.')) types.add(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(def.definition);
  return types;
}

/** What the applied rows touch: their types, or 'all' when a correction or allocation is among them. */
export function touchedTypes(rows: readonly EventRow[]): Set<string> | 'all' {
  const types = new Set<string>();
  for (const { event } of rows) {
    if (EVERYWHERE.has(event.type) || event.supersedes !== undefined) return 'all';
    types.add(event.type);
  }
  return types;
}

/** The SQL-defined metrics whose figures the touched types can change. */
export function affectedMetrics(catalogue: readonly MetricDefinition[], touched: Set<string> | 'all'): MetricDefinition[] {
  return catalogue.filter((def) => {
    const reads = eventTypesOf(def);
    if (!reads) return false;
    if (touched === 'all') return true;
    for (const t of reads) if (touched.has(t)) return true;
    return false;
  });
}
