// The child's care (readCare) as projected facts: what the looked-after figures read.
import { countedPlacements, countedStretches, londonDateOf, OPEN_END, type PreparedEvent, readCare } from '@casewatch/timescales';
import type { FactKind, Span } from './child-history';

/**
 * The child's care as readCare reads it. Causal in practice time (a stretch or placement ends at
 * the event that ends it; a start or ending counts by what came before), so cutting these spans at
 * a practice time gives what reading only the events up to it gives.
 */
export function careSpans(
  items: readonly PreparedEvent[],
  span: (kind: FactKind, t: number, day: string | null, teamId?: string | null, workerId?: string | null) => Span,
): void {
  const until = (s: Span, to: number) => {
    if (to < OPEN_END) s.ends.push({ t: to, toAt: to });
  };
  for (const p of readCare(items)) {
    const { teamId, workerId } = p.start;
    for (const s of countedStretches(p)) {
      until(span('lac', s.from, londonDateOf(s.from), teamId, workerId), s.to);
      if (p.uasc) until(span('lac-uasc', s.from, londonDateOf(s.from), teamId, workerId), s.to);
    }
    for (const pl of countedPlacements(p)) until(span('lac-place', pl.from, pl.key), pl.to);
    if (p.startCounted) span('lac-start', p.start.at, londonDateOf(p.start.at), teamId, workerId);
    if (p.end?.counted) span('lac-end', p.end.at, p.end.reason ?? '', p.end.teamId, p.end.workerId);
  }
}
