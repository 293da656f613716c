import { londonOffsetMs } from '@casewatch/contracts';
import { addDays, londonDateOf, startOfLondonDay, type LocalDate } from '@casewatch/timescales';

const HOUR_MS = 3_600_000;

/** The instant of `hour`:00 London time on `date`, right on the days the clocks change. */
export function digestTime(date: LocalDate, hour: number): number {
  const midnight = startOfLondonDay(date);
  const naive = midnight + hour * HOUR_MS;
  return naive - (londonOffsetMs(naive) - londonOffsetMs(midnight));
}

/** The next digest strictly after `nowMs`: today's if its hour is still to come, else tomorrow's. */
export function nextDigest(nowMs: number, hour: number): { date: LocalDate; at: number } {
  const today = londonDateOf(nowMs);
  const at = digestTime(today, hour);
  if (at > nowMs) return { date: today, at };
  const tomorrow = addDays(today, 1);
  return { date: tomorrow, at: digestTime(tomorrow, hour) };
}

/** Today's digest once its hour has passed (it may have been missed while the service was down), else null. */
export function dueDigest(nowMs: number, hour: number): LocalDate | null {
  const today = londonDateOf(nowMs);
  return digestTime(today, hour) <= nowMs ? today : null;
}
