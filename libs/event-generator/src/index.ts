// @casewatch/event-generator: deterministic, realistic case histories for one tenant, as CloudEvents
// valid against @casewatch/contracts. Pure TypeScript, no I/O.
import type { CaseEvent } from '@casewatch/contracts';
import { parseDay } from './calendar';
import { Engine } from './engine';
import { resolveOptions, type GenerateOptions } from './options';

export { resolveOptions, type GenerateOptions, type RunConfig } from './options';
export { PROFILES, profileOptions, type Profile, type ProfileName } from './profiles';
export { census, CensusCounter, type Census } from './census';

/** A lazy stream of events: iterate it once (for…of, or next()); `count` is how many came out so far. */
export interface History extends IterableIterator<CaseEvent> {
  readonly count: number;
}

class HistoryIterator implements History {
  constructor(private readonly engine: Engine) {}

  get count(): number {
    return this.engine.count;
  }

  next(): IteratorResult<CaseEvent, undefined> {
    const value = this.engine.next();
    return value ? { value, done: false } : { value: undefined, done: true };
  }

  [Symbol.iterator](): this {
    return this;
  }
}

/**
 * The case histories of `children` children of one tenant, from their first contact on or after
 * `from` until `to` (or the horizon), yielded lazily in practice-time order (`time`, then child, then
 * the child's own order), each with `recordedtime` ≥ `time`. Same options, byte-identical output.
 * Throws RangeError at once for bad options.
 */
export function generateHistory(options: GenerateOptions): History {
  return new HistoryIterator(new Engine(resolveOptions(options)));
}

/**
 * Children a year (first contacts) at a few scales. About 0.68 referrals come from each child that
 * arrives, so these match domain-notes §5: 632,830 referrals a year in England, 153 LAs.
 */
export const SCALES = {
  /** One team's worth (~100 children held at a time by 6 workers). */
  team: 200,
  /** A mean English LA (~4,100 referrals a year). */
  la: 6_000,
  /** A large LA (about 4× the mean). */
  'large-la': 24_000,
  /** England (~630,000 referrals a year). */
  england: 930_000,
} as const;
export type Scale = keyof typeof SCALES;

/** The `children` option for a scale over a window (from and to included). */
export function childrenForScale(scale: Scale, from: string, to: string): number {
  const days = parseDay(to) - parseDay(from) + 1;
  return Math.max(1, Math.round((SCALES[scale] * days) / 365.25));
}
