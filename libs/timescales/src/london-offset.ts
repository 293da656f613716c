// Europe/London's UTC offset at any instant. The tz database (through Intl) is the source of truth,
// but Intl is slow (microseconds a call), so each year's transitions are found once and cached:
// after that an offset is an array read and a comparison.
import { MS_PER_DAY, PRECOMPUTED_FIRST_YEAR, PRECOMPUTED_LAST_YEAR, dayFromCivil, yearOfDay } from './civil-date';

const formatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** Offset (ms, local minus UTC) by asking Intl; whole seconds are enough for the tz database. */
function offsetFromIntl(epochMs: number): number {
  const second = Math.floor(epochMs / 1000) * 1000;
  let y = 0,
    mo = 0,
    d = 0,
    h = 0,
    mi = 0,
    s = 0;
  for (const part of formatter.formatToParts(second)) {
    const v = Number(part.value);
    switch (part.type) {
      case 'year':
        y = v;
        break;
      case 'month':
        mo = v;
        break;
      case 'day':
        d = v;
        break;
      case 'hour':
        h = v;
        break;
      case 'minute':
        mi = v;
        break;
      case 'second':
        s = v;
        break;
    }
  }
  const wall = dayFromCivil(y, mo, d) * MS_PER_DAY + ((h * 60 + mi) * 60 + s) * 1000;
  return wall - second;
}

interface YearOffsets {
  readonly startMs: number;
  readonly endMs: number;
  readonly firstOffset: number;
  /** Instants (ascending) at which the offset changes to `offsets[i]`. */
  readonly transitions: readonly number[];
  readonly offsets: readonly number[];
}

// Weekly samples cannot miss a transition: London never changes twice within a week.
const SAMPLE_MS = 7 * MS_PER_DAY;

function buildYear(year: number): YearOffsets {
  const startMs = dayFromCivil(year, 1, 1) * MS_PER_DAY;
  const endMs = dayFromCivil(year + 1, 1, 1) * MS_PER_DAY;
  const firstOffset = offsetFromIntl(startMs);
  const transitions: number[] = [];
  const offsets: number[] = [];
  let lo = startMs;
  let loOffset = firstOffset;
  while (lo < endMs) {
    const hi = Math.min(lo + SAMPLE_MS, endMs);
    const hiOffset = offsetFromIntl(hi);
    if (hiOffset !== loOffset) {
      // Binary search to the second: offset(a) = loOffset, offset(b) = hiOffset.
      let a = lo;
      let b = hi;
      while (b - a > 1000) {
        const mid = a + Math.floor((b - a) / 2000) * 1000;
        if (offsetFromIntl(mid) === loOffset) a = mid;
        else b = mid;
      }
      if (b < endMs) {
        transitions.push(b);
        offsets.push(hiOffset);
      }
    }
    lo = hi;
    loOffset = hiOffset;
  }
  return { startMs, endMs, firstOffset, transitions, offsets };
}

const years = new Map<number, YearOffsets>();

function yearOffsets(year: number): YearOffsets {
  let entry = years.get(year);
  if (entry === undefined) {
    entry = buildYear(year);
    years.set(year, entry);
  }
  return entry;
}

function offsetInYear(y: YearOffsets, epochMs: number): number {
  let offset = y.firstOffset;
  for (let i = 0; i < y.transitions.length && epochMs >= y.transitions[i]; i++) offset = y.offsets[i];
  return offset;
}

// The hot path: per UTC day of the precomputed years, the offset at 00:00 UTC and, on the two
// change days a year, when it changes and to what. Filled a year at a time, on first use.
const FIRST_DAY = dayFromCivil(PRECOMPUTED_FIRST_YEAR, 1, 1);
const DAYS = dayFromCivil(PRECOMPUTED_LAST_YEAR + 1, 1, 1) - FIRST_DAY;
const NOT_FILLED = -1;
const NO_CHANGE = -1;
const offsetAtDayStart = new Int32Array(DAYS).fill(NOT_FILLED);
const changeMsIntoDay = new Int32Array(DAYS);
const offsetAfterChange = new Int32Array(DAYS);

function fillYear(year: number): void {
  const y = yearOffsets(year);
  const from = Math.round(y.startMs / MS_PER_DAY) - FIRST_DAY;
  const to = Math.round(y.endMs / MS_PER_DAY) - FIRST_DAY;
  for (let i = from; i < to; i++) {
    const dayStart = (FIRST_DAY + i) * MS_PER_DAY;
    offsetAtDayStart[i] = offsetInYear(y, dayStart);
    changeMsIntoDay[i] = NO_CHANGE;
  }
  for (let k = 0; k < y.transitions.length; k++) {
    const i = Math.floor(y.transitions[k] / MS_PER_DAY) - FIRST_DAY;
    changeMsIntoDay[i] = y.transitions[k] - (FIRST_DAY + i) * MS_PER_DAY;
    offsetAfterChange[i] = y.offsets[k];
  }
}

/** Europe/London offset from UTC in ms (0 or 3_600_000 in modern times) in force at `epochMs`. */
export function londonOffsetAt(epochMs: number): number {
  const utcDay = Math.floor(epochMs / MS_PER_DAY);
  const i = utcDay - FIRST_DAY;
  if (i >= 0 && i < DAYS) {
    if (offsetAtDayStart[i] === NOT_FILLED) fillYear(yearOfDay(utcDay));
    const change = changeMsIntoDay[i];
    return change !== NO_CHANGE && epochMs - utcDay * MS_PER_DAY >= change ? offsetAfterChange[i] : offsetAtDayStart[i];
  }
  return offsetInYear(yearOffsets(yearOfDay(utcDay)), epochMs);
}

/**
 * The instant at which London's wall clock shows `wallMs` (a local time written as if it were UTC).
 * Two passes settle it. A wall time that is skipped or repeated (the 01:xx hour of a clock change)
 * gets one of the candidates; we only ask for 00:00:00 and 23:59:59, which London's changes never touch.
 */
export function instantOfLondonWallTime(wallMs: number): number {
  const guess = wallMs - londonOffsetAt(wallMs);
  const offset = londonOffsetAt(guess);
  return wallMs - offset;
}
