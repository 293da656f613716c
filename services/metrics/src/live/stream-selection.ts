import { londonDateOf } from '@casewatch/timescales';
import type { LiveEntry } from './stream-entry';

/** What a client asked to follow: `period` is `current` or a resolved label; `scope` as in MetricValue. */
export interface StreamSelection {
  period: string;
  scope: string;
}

/**
 * Whether a client hears an entry: its scope only; metrics of its period only (`current` is the
 * running month whenever the entry arrives, so the stream moves on with the month); queue
 * sizes, which are of now, whatever the period.
 */
export function selects(selection: StreamSelection, entry: LiveEntry, now: number): boolean {
  if (entry.scope !== selection.scope) return false;
  if (entry.event === 'queue') return true;
  return entry.period === (selection.period === 'current' ? londonDateOf(now).slice(0, 7) : selection.period);
}
