// Short breaks for disabled children: a period of care with legal status V3 (or V4), which no
// looked-after figure counts and which opens no LAC rule (metrics.md, timescales.md).
import { CORRECT, type Child, type ShortBreaks } from '../child';
import { providerFor } from '../codes';

/**
 * A series of short breaks (903 V3, V4 for some) for a disabled child on a plan: a period of care
 * that counts in no looked-after figure and opens no LAC rule. It lasts months to a few years, or
 * until the episode of need closes.
 */
export function shortBreaks(c: Child, t: number): void {
  c.at(t, () => {
    const episode = c.episode;
    if (!episode || episode.closed || c.lac?.active || c.breaks?.active) return;
    const breaks: ShortBreaks = { id: c.id('P'), active: true };
    c.breaks = breaks;
    const placementType = c.rng.weighted<string>([
      ['K2', 45],
      ['U4', 30],
      ['U6', 15],
      ['R2', 10],
    ]);
    const data = { periodId: breaks.id, legalStatus: c.rng.chance(0.85) ? 'V3' : 'V4', placementType, provider: providerFor(placementType, c.rng.chance(0.4)) };
    c.emit(c.now, 'csc.lac.started', c.held(data), CORRECT);
    c.at(c.days(c.now, c.rng.int(120, 900)), () => endBreaks(c, breaks));
  });
}

function endBreaks(c: Child, breaks: ShortBreaks): void {
  if (!breaks.active) return;
  breaks.active = false;
  c.emit(c.now, 'csc.lac.ended', c.held({ periodId: breaks.id, reason: 'E8' }));
}

/** Ends the short breaks now (inside an action: the closing of the episode). */
export function endShortBreaks(c: Child): void {
  if (c.breaks) endBreaks(c, c.breaks);
}
