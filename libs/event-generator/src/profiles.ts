// Named tenant shapes: the size, structure and history length that make a tenant look like a
// real one, so the demo and tests can ask for "a council" instead of tuning knobs.
import { addMonths, dayString, parseDay } from './calendar';
import type { GenerateOptions } from './options';

export interface Profile {
  /** What the profile is meant to look like. */
  description: string;
  /** Children arriving (first contacts) a year: about 0.77 referrals each once re-referrals settle. */
  childrenPerYear: number;
  teams: number;
  workersPerTeam: number;
  /** Years of thin prehistory before `from` (GenerateOptions.warmUpYears). */
  warmUpYears: number;
  /** The default window when no `from` is given: this many whole years up to `to`. */
  years: number;
  /** Children aged 0–17 of the tenant (settings `population0to17`), the denominator of rates. */
  population0to17: number;
}

export const PROFILES = {
  /**
   * A mid-sized English council (dashboard.md, "The demo tenant is a realistic council"): at any
   * time ~420 looked-after children (~70 per 10,000 of 60,000), ~280 on a CP plan, ~2,200 children
   * in need, ~320 referrals a month, 11 teams of 11 workers (caseloads ~18). The six-year warm-up
   * brings the looked-after population to its steady state before the two full years begin.
   */
  council: {
    description: 'a mid-sized English council (60,000 children aged 0-17)',
    childrenPerYear: 5000,
    teams: 11,
    workersPerTeam: 11,
    warmUpYears: 6,
    years: 2,
    population0to17: 60_000,
  },
} as const satisfies Record<string, Profile>;
export type ProfileName = keyof typeof PROFILES;

/**
 * The generator options of a profile for a window ending `to` (default: `years` before it).
 * Anything in `overrides` wins, so callers can still change the seed, teams or fractions.
 */
export function profileOptions(
  name: ProfileName,
  base: { tenant: string; seed: number; to: string; from?: string },
  overrides: Partial<GenerateOptions> = {},
): GenerateOptions {
  const profile: Profile = PROFILES[name];
  if (!profile) throw new RangeError(`unknown profile ${String(name)}; known: ${Object.keys(PROFILES).join(', ')}`);
  const toDay = parseDay(base.to);
  const from = base.from ?? dayString(addMonths(toDay, -12 * profile.years) + 1);
  const days = toDay - parseDay(from) + 1;
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return {
    tenant: base.tenant,
    seed: base.seed,
    from,
    to: base.to,
    children: Math.max(1, Math.round((profile.childrenPerYear * days) / 365.25)),
    teams: profile.teams,
    workersPerTeam: profile.workersPerTeam,
    warmUpYears: profile.warmUpYears,
    ...defined,
  };
}
