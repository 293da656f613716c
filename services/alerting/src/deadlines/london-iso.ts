import { londonOffsetMs } from '@casewatch/contracts';

/** An instant as London wall-clock time with its offset, e.g. 2026-10-13T23:59:59+01:00. */
export function londonIso(date: Date): string {
  const ms = date.getTime();
  const offset = londonOffsetMs(ms);
  const wall = new Date(ms + offset).toISOString().slice(0, 19);
  const minutes = Math.round(offset / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${wall}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
