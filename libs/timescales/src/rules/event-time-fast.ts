// Practice times in epoch ms. Nearly every `time` is the canonical YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM);
// reading those by character code is ~10x faster than the contracts' regex, and evaluation parses
// every event of a child on every re-evaluation. Anything else goes to eventTimeToEpochMs, the
// definition (a spec checks that both agree).
import { eventTimeToEpochMs } from '@casewatch/contracts';
import { MS_PER_DAY, dayFromCivil } from '../civil-date';

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digits(s: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

function fast(s: string): number {
  const len = s.length;
  if (len < 20 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84) return Number.NaN;
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return Number.NaN;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  const sec = digits(s, 17, 2);
  if (y < 100 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return Number.NaN;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (d > (mo === 2 && leap ? 29 : DAYS_IN_MONTH[mo - 1])) return Number.NaN;
  let i = 19;
  let ms = 0;
  if (s.charCodeAt(i) === 46) {
    // Milliseconds: the first three fraction digits, the rest ignored (as the contracts do).
    let scale = 100;
    for (i++; i < len; i++) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      ms += c * scale;
      scale /= 10;
    }
    if (i === 20) return Number.NaN;
    ms = Math.floor(ms);
  }
  // Integer day arithmetic: Date.UTC costs more than the rest of the parse.
  const utc = dayFromCivil(y, mo, d) * MS_PER_DAY + ((h * 60 + mi) * 60 + sec) * 1000 + ms;
  if (i === len - 1 && s.charCodeAt(i) === 90) return utc;
  if (i !== len - 6 || s.charCodeAt(i + 3) !== 58) return Number.NaN;
  const sign = s.charCodeAt(i);
  const oh = digits(s, i + 1, 2);
  const om = digits(s, i + 4, 2);
  if (oh < 0 || om < 0 || (sign !== 43 && sign !== 45)) return Number.NaN;
  const offset = (oh * 60 + om) * 60_000;
  return sign === 43 ? utc - offset : utc + offset;
}

/** Epoch ms of an event time; NaN when it is not one (as eventTimeToEpochMs). */
export function eventTimeMs(time: string): number {
  const t = fast(time);
  return Number.isNaN(t) ? eventTimeToEpochMs(time) : t;
}
