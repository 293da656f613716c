import { eventTimeToEpochMs } from '@casewatch/contracts';
import { eventTimeMs } from './event-time-fast';

describe('eventTimeMs agrees with the contracts’ eventTimeToEpochMs', () => {
  it.each([
    ['2026-11-20T14:05:00Z', Date.UTC(2026, 10, 20, 14, 5)],
    ['2026-07-01T09:00:00+01:00', Date.UTC(2026, 6, 1, 8, 0)],
    ['2026-07-01T09:00:00-05:30', Date.UTC(2026, 6, 1, 14, 30)],
    ['2026-11-20T14:05:00.5Z', Date.UTC(2026, 10, 20, 14, 5, 0, 500)],
    ['2026-11-20T14:05:00.123456+00:00', Date.UTC(2026, 10, 20, 14, 5, 0, 123)],
    ['2024-02-29T23:59:59Z', Date.UTC(2024, 1, 29, 23, 59, 59)],
    ['2026-07-01', Date.UTC(2026, 5, 30, 23)], // a date: 00:00 London (BST)
    ['2026-07-01t09:00:00z', Date.UTC(2026, 6, 1, 9)], // lower case: the contracts' path
    ['2026-07-01T09:00:00+0100', Date.UTC(2026, 6, 1, 8)],
  ])('%s', (time, expected) => {
    expect(eventTimeMs(time)).toBe(expected);
    expect(eventTimeMs(time)).toBe(eventTimeToEpochMs(time));
  });

  it.each(['2026-02-29T10:00:00Z', '2026-13-01T10:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01T10:00:00', '2026-01-01T10:00:00.Z', 'x', ''])(
    'refuses %j as the contracts do',
    (time) => {
      expect(eventTimeMs(time)).toBeNaN();
      expect(eventTimeToEpochMs(time)).toBeNaN();
    },
  );

  it('on 20,000 random times with offsets and fractions', () => {
    let seed = 11;
    const rnd = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
    const mismatches: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const fraction = rnd(3) === 0 ? `.${rnd(1_000_000)}` : '';
      const zone = rnd(2) === 0 ? 'Z' : `${rnd(2) ? '+' : '-'}${pad(rnd(15))}:${pad(rnd(4) * 15)}`;
      const time = `${1990 + rnd(60)}-${pad(1 + rnd(12))}-${pad(1 + rnd(31))}T${pad(rnd(25))}:${pad(rnd(60))}:${pad(rnd(61))}${fraction}${zone}`;
      if (!Object.is(eventTimeMs(time), eventTimeToEpochMs(time))) mismatches.push(time);
    }
    expect(mismatches).toEqual([]);
  });
});
