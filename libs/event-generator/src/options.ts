import { TENANT_ID_PATTERN } from '@casewatch/contracts';
import { DAY, parseDay } from './calendar';

export interface GenerateOptions {
  /** The tenant every event is for (`[a-z0-9-]{2,40}`). */
  tenant: string;
  /** Any integer 0…2^32−1; the same inputs always give byte-identical output. */
  seed: number;
  /**
   * The size knob: how many children come to the front door (their first contact) between `from`
   * and `to`, spread evenly over its working days. Each brings ~0.68 referrals, so ~200 a year is
   * one team's worth, ~6,000 a mean English LA and ~930,000 England (SCALES, domain-notes §5).
   */
  children: number;
  /** First day of the window, `YYYY-MM-DD` (London date). Journeys start on or after it. */
  from: string;
  /** Last day of the window, `YYYY-MM-DD`, included. Nothing happens after its end (see `horizon`). */
  to: string;
  /** CloudEvents `source`; default `urn:casewatch:generator:<tenant>`. */
  source?: string;
  /** Teams T1…Tn; default one team per 200 children a year (caseloads near the national 16.3). */
  teams?: number;
  /** Social workers per team (SW1, SW2… numbered across teams); default 6. */
  workersPerTeam?: number;
  /** Share of eligible events (visits, reviews, assessments…) recorded days or weeks late; default 0.08. */
  lateFraction?: number;
  /** Share of eligible events later corrected by an event with `supersedes`; default 0.01. */
  correctionFraction?: number;
  /** Share of eligible events entered twice by mistake, the copy later retracted; default 0.003. */
  retractionFraction?: number;
  /**
   * Nothing whose `time` or `recordedtime` is after this instant is yielded (an event recorded
   * later is "not known yet"). Default: the end of `to` (23:59:59Z). Set it to now when `to` is today.
   */
  horizon?: Date | string;
  /**
   * Years of prehistory before `from` (default 0), so a tenant does not start empty: children
   * arrive at the same rate from that many years earlier, but before `from` only the events that
   * open, change or close a record are yielded (referrals, plans, periods of care, placements,
   * legal statuses, allocations…), not the routine ones (contacts, visits, reviews, checks). The
   * looked-after, CP and CIN counts at `from` are then near their steady state.
   */
  warmUpYears?: number;
  /**
   * Live continuation: arrivals go on past `to` at the same rate and there is no horizon; the
   * caller stops iterating. Everything up to the bounded run's horizon is the same as in it.
   */
  openEnded?: boolean;
}

export interface RunConfig {
  tenant: string;
  seed: number;
  source: string;
  children: number;
  fromDay: number;
  toDay: number;
  /** First day of arrivals: `fromDay`, or earlier by `warmUpYears`. */
  startDay: number;
  /** Seconds since the epoch; Infinity when open-ended. */
  horizon: number;
  openEnded: boolean;
  teams: number;
  workersPerTeam: number;
  lateFraction: number;
  correctionFraction: number;
  retractionFraction: number;
}

const TENANT = new RegExp(TENANT_ID_PATTERN);

function fraction(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!(v >= 0 && v <= 1)) throw new RangeError(`${name} must be between 0 and 1, got ${value}`);
  return v;
}

function positiveInt(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be an integer ≥ ${min}, got ${value}`);
  return value;
}

/** Checks the options and fills in the defaults. Throws RangeError with the option's name. */
export function resolveOptions(options: GenerateOptions): RunConfig {
  if (!TENANT.test(options.tenant)) throw new RangeError(`tenant must match ${TENANT_ID_PATTERN}, got ${options.tenant}`);
  if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > 0xffffffff) {
    throw new RangeError(`seed must be an integer 0…4294967295, got ${options.seed}`);
  }
  const children = positiveInt('children', options.children, 0);
  const fromDay = parseDay(options.from);
  const toDay = parseDay(options.to);
  if (toDay < fromDay) throw new RangeError(`to (${options.to}) is before from (${options.from})`);
  const perYear = (children * 365.25) / (toDay - fromDay + 1);
  const warmUpYears = options.warmUpYears ?? 0;
  if (!(warmUpYears >= 0 && warmUpYears <= 30)) throw new RangeError(`warmUpYears must be between 0 and 30, got ${warmUpYears}`);
  const openEnded = options.openEnded ?? false;
  let horizon = (toDay + 1) * DAY - 1;
  if (options.horizon !== undefined) {
    const ms = options.horizon instanceof Date ? options.horizon.getTime() : Date.parse(options.horizon);
    if (Number.isNaN(ms)) throw new RangeError(`horizon is not a date-time: ${String(options.horizon)}`);
    horizon = Math.min(horizon, Math.floor(ms / 1000));
  }
  const source = options.source ?? `urn:casewatch:generator:${options.tenant}`;
  if (!/^[A-Za-z0-9._~:/?#[\]@!$&'()*+,;=%-]{1,512}$/.test(source)) {
    throw new RangeError(`source must be a URI-reference without spaces, got ${source}`);
  }
  return {
    tenant: options.tenant,
    seed: options.seed,
    source,
    children,
    fromDay,
    toDay,
    startDay: fromDay - Math.round(warmUpYears * 365.25),
    horizon: openEnded ? Number.POSITIVE_INFINITY : horizon,
    openEnded,
    teams: positiveInt('teams', options.teams ?? Math.max(1, Math.round(perYear / 200)), 1),
    workersPerTeam: positiveInt('workersPerTeam', options.workersPerTeam ?? 6, 1),
    lateFraction: fraction('lateFraction', options.lateFraction, 0.08),
    correctionFraction: fraction('correctionFraction', options.correctionFraction, 0.01),
    retractionFraction: fraction('retractionFraction', options.retractionFraction, 0.003),
  };
}
