import type { AlertKind, DeadlineState } from '@casewatch/contracts';

/** A deadline that has vanished because its anchor was retracted counts as cancelled. */
export type TrackedState = DeadlineState | 'gone';

/**
 * The alerts a deadline in this state calls for (timescales.md): `due-soon` and `overdue` while
 * it is so, `resolved` once a firing deadline is met, met late or cancelled. The store inserts
 * them with (deadline, kind) unique, so each fires once whatever asks again.
 */
export function alertsFor(state: TrackedState, firing: boolean): AlertKind[] {
  if (state === 'due-soon') return ['due-soon'];
  if (state === 'overdue') return ['overdue'];
  if (firing && (state === 'met' || state === 'met-late' || state === 'cancelled' || state === 'gone')) return ['resolved'];
  return [];
}

export function resolutionReason(state: TrackedState): 'met' | 'met-late' | 'cancelled' | null {
  if (state === 'met' || state === 'met-late') return state;
  return state === 'cancelled' || state === 'gone' ? 'cancelled' : null;
}
