// Practice times to instants. A date-only `time` means 00:00 Europe/London on that day
// (events.md), which is 23:00 UTC the day before in summer (BST) and 00:00 UTC in winter (GMT).

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):?(\d{2})?))?$/;

let londonParts: Intl.DateTimeFormat | undefined;
const londonMidnightCache = new Map<string, number>();
// Practice dates span a few decades; the cap only guards against unbounded junk input.
const CACHE_LIMIT = 50_000;

/** The UTC offset of Europe/London at an instant, in ms (0 in winter, 3,600,000 in summer). */
export function londonOffsetMs(epochMs: number): number {
  londonParts ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const part: Record<string, number> = {};
  for (const { type, value } of londonParts.formatToParts(epochMs)) part[type] = Number(value);
  const wallClock = Date.UTC(part.year, part.month - 1, part.day, part.hour, part.minute, part.second);
  return wallClock - (epochMs - (((epochMs % 1000) + 1000) % 1000));
}

/** Epoch ms of 00:00 Europe/London on a date `YYYY-MM-DD`; NaN if it is not a date. */
export function londonMidnight(date: string): number {
  const cached = londonMidnightCache.get(date);
  if (cached !== undefined) return cached;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return Number.NaN;
  const midnightUtc = utcOrNaN(+match[1], +match[2], +match[3], 0, 0, 0, 0);
  if (Number.isNaN(midnightUtc)) return midnightUtc;
  // London changes clocks at 01:00 UTC, so midnight London always exists and is unambiguous;
  // the second look settles the days where the offset at the guess differs from the answer.
  let result = midnightUtc - londonOffsetMs(midnightUtc);
  result = midnightUtc - londonOffsetMs(result);
  if (londonMidnightCache.size >= CACHE_LIMIT) londonMidnightCache.clear();
  londonMidnightCache.set(date, result);
  return result;
}

/** Epoch ms of an event `time` (date-time with offset, or a London date); NaN if unparseable. */
export function eventTimeToEpochMs(time: string): number {
  const m = DATE_TIME.exec(time);
  if (!m) return Number.NaN;
  if (m[4] === undefined) return londonMidnight(time);
  if (m[8] === undefined && m[9] === undefined) return Number.NaN; // a date-time needs an offset
  const ms = m[7] === undefined ? 0 : Number(`${m[7]}00`.slice(0, 3));
  const local = utcOrNaN(+m[1], +m[2], +m[3], +m[4], +m[5], +m[6], ms);
  if (m[9] === undefined) return local;
  const offsetMinutes = +m[10] * 60 + (m[11] === undefined ? 0 : +m[11]);
  return local - (m[9] === '-' ? -1 : 1) * offsetMinutes * 60_000;
}

/** Like eventTimeToEpochMs, but throws on a value that is not a valid event time. */
export function parseEventTime(time: string): number {
  const epochMs = eventTimeToEpochMs(time);
  if (Number.isNaN(epochMs)) {
    throw new RangeError(`not an RFC 3339 date-time with offset, or a date YYYY-MM-DD: ${JSON.stringify(time)}`);
  }
  return epochMs;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// Date.UTC silently rolls 2026-02-30 over to March; refuse it instead. Second 60 (a leap second)
// is allowed and lands on the next second.
function utcOrNaN(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const lastDay = mo === 2 && leap ? 29 : DAYS_IN_MONTH[mo - 1];
  if (mo < 1 || mo > 12 || d < 1 || d > lastDay || h > 23 || mi > 59 || s > 60) return Number.NaN;
  if (y >= 100) return Date.UTC(y, mo - 1, d, h, mi, s, ms);
  // Date.UTC reads years 0–99 as 1900–1999.
  const date = new Date(Date.UTC(2000, mo - 1, d, h, mi, s, ms));
  date.setUTCFullYear(y);
  return date.getTime();
}
