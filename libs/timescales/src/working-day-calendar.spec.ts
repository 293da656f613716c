import fc from 'fast-check';
import { isBankHoliday } from './bank-holidays';
import { GOV_UK_BANK_HOLIDAY_DATES } from './testing/gov-uk-bank-holidays';
import { WorkingDayCalendar } from './working-day-calendar';

const england = new WorkingDayCalendar({ nation: 'england' });
const wales = new WorkingDayCalendar({ nation: 'wales' });

// The naive reference: walk day by day in UTC epoch days, against the hand-typed gov.uk table.
const DAY = 86_400_000;
const isoOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const GOV_UK_HOLIDAY_MS = new Set([...GOV_UK_BANK_HOLIDAY_DATES].map((date) => Date.parse(date)));
function naiveIsWorking(ms: number, closures: ReadonlySet<number>): boolean {
  const weekday = new Date(ms).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !GOV_UK_HOLIDAY_MS.has(ms) && !closures.has(ms);
}
const toMsSet = (dates: Iterable<string>): ReadonlySet<number> => new Set([...dates].map((d) => Date.parse(d)));
const NO_CLOSURES: ReadonlySet<number> = new Set();
function naiveIsWorkingDay(date: string): boolean {
  return naiveIsWorking(Date.parse(date), NO_CLOSURES);
}
function naiveWorkingDaysBetween(a: string, b: string): number {
  const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1];
  let count = 0;
  for (let t = Date.parse(lo) + DAY; t <= Date.parse(hi); t += DAY) if (naiveIsWorking(t, NO_CLOSURES)) count++;
  return count === 0 ? 0 : sign * count;
}
function naiveAddWorkingDays(date: string, n: number, closures: ReadonlySet<number> = NO_CLOSURES): string {
  let t = Date.parse(date);
  for (let left = n; left > 0;) {
    t += DAY;
    if (naiveIsWorking(t, closures)) left--;
  }
  return isoOf(t);
}

/** A random date, as a day offset from `from`. */
const dateBetween = (from: string, to: string): fc.Arbitrary<string> =>
  fc.integer({ min: 0, max: (Date.parse(to) - Date.parse(from)) / DAY }).map((i) => isoOf(Date.parse(from) + i * DAY));

describe('WorkingDayCalendar', () => {
  describe('the ICPC example of timescales.md', () => {
    it('Friday 2026-12-18 + 15 working days is Wednesday 2027-01-13, skipping 25 and 28 Dec and 1 Jan', () => {
      expect(england.addWorkingDays('2026-12-18', 15)).toBe('2027-01-13');
      expect(england.skippedDaysBetween('2026-12-18', '2027-01-13')).toEqual([
        { date: '2026-12-25', title: 'Christmas Day' },
        { date: '2026-12-28', title: 'Boxing Day (substitute day)' },
        { date: '2027-01-01', title: "New Year's Day" },
      ]);
      expect(england.workingDaysBetween('2026-12-18', '2027-01-13')).toBe(15);
    });

    it('Saturday 2026-12-26 (Boxing Day) skips nothing: it is a weekend day anyway', () => {
      expect(england.isWorkingDay('2026-12-26')).toBe(false);
      expect(england.skippedDaysBetween('2026-12-25', '2026-12-27')).toEqual([]);
    });
  });

  describe('isWorkingDay', () => {
    it.each([
      ['2026-12-24', true], // Thursday
      ['2026-12-25', false], // Christmas Day
      ['2026-12-26', false], // Saturday
      ['2026-12-28', false], // Boxing Day (substitute day)
      ['2026-12-29', true],
      ['2027-01-01', false],
      ['2027-01-04', true],
      ['2020-05-04', true], // the early May bank holiday moved to 8 May for VE day
      ['2020-05-08', false],
      ['2022-05-30', true], // the spring bank holiday moved to 2 June
      ['2022-06-02', false],
    ])('%s → %s', (date, working) => {
      expect(england.isWorkingDay(date)).toBe(working);
    });

    it('Wales uses the same list: every day 2015–2030 agrees with England and with gov.uk', () => {
      for (let t = Date.parse('2015-01-01'); t <= Date.parse('2030-12-31'); t += DAY) {
        const date = isoOf(t);
        const expected = naiveIsWorkingDay(date);
        if (england.isWorkingDay(date) !== expected || wales.isWorkingDay(date) !== expected) {
          throw new Error(`${date}: england ${england.isWorkingDay(date)}, wales ${wales.isWorkingDay(date)}, gov.uk ${expected}`);
        }
      }
    });
  });

  describe('addWorkingDays', () => {
    it.each([
      // Christmas: Thursday 24 Dec 2026 + 1 → Tuesday 29 Dec (25 Fri, 28 Mon are bank holidays).
      ['2026-12-24', 1, '2026-12-29'],
      ['2026-12-24', 4, '2027-01-04'],
      ['2021-12-24', 1, '2021-12-29'], // Christmas and Boxing Day both at the weekend: 27 and 28 off
      ['2022-12-23', 1, '2022-12-28'],
      // Easter: Thursday before Good Friday + 1 → the Tuesday after Easter Monday.
      ['2026-04-02', 1, '2026-04-07'],
      ['2027-03-25', 1, '2027-03-30'],
      // Month ends.
      ['2026-01-30', 1, '2026-02-02'],
      ['2026-08-28', 1, '2026-09-01'], // Monday 31 Aug is the summer bank holiday
      ['2026-03-31', 2, '2026-04-02'],
      ['2026-04-30', 3, '2026-05-06'], // Friday 1 May, then 4 May bank holiday
      // Day 0 is not counted, even at a weekend or on a holiday.
      ['2026-12-19', 1, '2026-12-21'], // Saturday + 1 → Monday
      ['2026-12-20', 1, '2026-12-21'], // Sunday + 1 → Monday
      ['2026-12-25', 1, '2026-12-29'], // Christmas Day + 1
      ['2026-12-19', 0, '2026-12-19'], // n = 0 is day 0 itself
      // Counting back.
      ['2026-12-29', -1, '2026-12-24'],
      ['2027-01-13', -15, '2026-12-18'],
      ['2026-12-21', -1, '2026-12-18'],
    ])('%s + %i working days → %s', (date, n, expected) => {
      expect(england.addWorkingDays(date, n)).toBe(expected);
    });

    it('is correct outside the precomputed years too (day-by-day fallback)', () => {
      // 1999: 27–28 Dec substitutes, 31 Dec millennium; 2000: 3 Jan New Year substitute.
      expect(england.addWorkingDays('1999-12-24', 3)).toBe('2000-01-04');
      expect(england.workingDaysBetween('1999-12-24', '2000-01-04')).toBe(3);
      expect(england.addWorkingDays('2000-01-04', -3)).toBe('1999-12-24');
      // Across the edges of the precomputed years (2010–2040).
      expect(england.addWorkingDays('2009-12-24', 4)).toBe('2010-01-04'); // 25, 28 Dec, 1 Jan off
      expect(england.addWorkingDays('2010-01-04', -4)).toBe('2009-12-24');
      expect(england.workingDaysBetween('2009-12-24', '2010-01-04')).toBe(4);
      expect(england.addWorkingDays('2040-12-21', 5)).toBe('2041-01-02'); // 25, 26 Dec, 1 Jan off
      expect(england.workingDaysBetween('2040-12-21', '2041-01-02')).toBe(5);
      expect(england.skippedDaysBetween('2040-12-21', '2041-01-02').map((s) => s.date)).toEqual(['2040-12-25', '2040-12-26', '2041-01-01']);
      expect(england.addWorkingDays('2050-12-23', 2)).toBe('2050-12-29'); // 26, 27 Dec 2050 off
      expect(england.workingDaysBetween('2050-12-23', '2051-01-03')).toBe(4); // 28, 29, 30 Dec; 3 Jan
      expect(england.skippedDaysBetween('2050-12-23', '2051-01-03').map((s) => s.date)).toEqual(['2050-12-26', '2050-12-27', '2051-01-02']);
    });

    it('rejects a non-integer n', () => {
      expect(() => england.addWorkingDays('2026-12-18', 1.5)).toThrow(expect.objectContaining({ code: 'INVALID_NUMBER' }));
    });
  });

  describe('workingDaysBetween', () => {
    it('counts the working days after a up to and including b; 0 for the same day; negative when b < a', () => {
      expect(england.workingDaysBetween('2026-12-18', '2026-12-18')).toBe(0);
      expect(england.workingDaysBetween('2026-12-18', '2026-12-21')).toBe(1); // Fri → Mon
      expect(england.workingDaysBetween('2026-12-19', '2026-12-20')).toBe(0); // Sat → Sun
      expect(england.workingDaysBetween('2026-12-24', '2026-12-28')).toBe(0); // Thu → Christmas → Mon BH
      expect(england.workingDaysBetween('2026-12-21', '2026-12-18')).toBe(-1);
      expect(england.workingDaysBetween('2027-01-13', '2026-12-18')).toBe(-15);
      expect(england.workingDaysBetween('2026-01-01', '2026-12-31')).toBe(253);
    });

    it('is the inverse of addWorkingDays for random dates in 2015–2030 and n in 0..400', () => {
      fc.assert(
        fc.property(dateBetween('2015-01-01', '2030-12-31'), fc.integer({ min: 0, max: 400 }), (date, n) => {
          expect(england.workingDaysBetween(date, england.addWorkingDays(date, n))).toBe(n);
          expect(england.addWorkingDays(england.addWorkingDays(date, n), -n) <= date).toBe(true);
        }),
        { numRuns: 5000 },
      );
    });

    it('agrees with a naive day-by-day count against the gov.uk table', () => {
      fc.assert(
        fc.property(dateBetween('2015-01-01', '2028-12-31'), fc.integer({ min: 0, max: 400 }), (date, n) => {
          const due = naiveAddWorkingDays(date, n);
          expect(england.addWorkingDays(date, n)).toBe(due);
          expect(wales.addWorkingDays(date, n)).toBe(due);
        }),
        { numRuns: 500 },
      );
      fc.assert(
        fc.property(dateBetween('2015-01-01', '2030-12-31'), dateBetween('2015-01-01', '2030-12-31'), (a, b) => {
          expect(england.workingDaysBetween(a, b)).toBe(naiveWorkingDaysBetween(a, b));
        }),
        { numRuns: 500 },
      );
    });

    it('stays consistent across the edges of the precomputed years (1990–2060)', () => {
      const reference = (a: string, b: string): number => {
        let count = 0;
        for (let t = Date.parse(a) + DAY; t <= Date.parse(b); t += DAY) {
          const date = isoOf(t);
          const weekday = new Date(t).getUTCDay();
          if (weekday !== 0 && weekday !== 6 && !isBankHoliday('england', date)) count++;
        }
        return count;
      };
      fc.assert(
        fc.property(
          fc.constantFrom('1990-06-01', '1999-11-15', '2009-12-20', '2010-01-01', '2040-11-20', '2040-12-31', '2050-12-30', '2055-02-01'),
          fc.integer({ min: 0, max: 150 }),
          (date, n) => {
            const due = england.addWorkingDays(date, n);
            expect(reference(date, due)).toBe(n);
            expect(england.workingDaysBetween(date, due)).toBe(n);
            expect(n === 0 || england.isWorkingDay(due)).toBe(true);
          },
        ),
        { numRuns: 500 },
      );
    });
  });

  describe('closure days', () => {
    const closures = ['2026-12-29', '2026-12-30', '2026-12-31', '2026-12-26' /* a Saturday: no effect */];
    const tenant = new WorkingDayCalendar({ nation: 'england', closureDays: closures });

    it('are not working days, and a tenant calendar with them differs from the nation’s', () => {
      expect(tenant.isWorkingDay('2026-12-29')).toBe(false);
      expect(england.isWorkingDay('2026-12-29')).toBe(true);
      expect(tenant.addWorkingDays('2026-12-18', 15)).toBe('2027-01-18');
      expect(tenant.workingDaysBetween('2026-12-18', '2027-01-13')).toBe(12);
      expect(tenant.closureDays).toEqual(['2026-12-26', '2026-12-29', '2026-12-30', '2026-12-31']);
    });

    it('show in the skipped days with their own title', () => {
      expect(tenant.skippedDaysBetween('2026-12-24', '2027-01-04')).toEqual([
        { date: '2026-12-25', title: 'Christmas Day' },
        { date: '2026-12-28', title: 'Boxing Day (substitute day)' },
        { date: '2026-12-29', title: 'Closure day' },
        { date: '2026-12-30', title: 'Closure day' },
        { date: '2026-12-31', title: 'Closure day' },
        { date: '2027-01-01', title: "New Year's Day" },
      ]);
    });

    it('agree with the naive count for random dates', () => {
      const closureSet = toMsSet(closures);
      fc.assert(
        fc.property(dateBetween('2026-06-01', '2027-06-01'), fc.integer({ min: 0, max: 60 }), (date, n) => {
          expect(tenant.addWorkingDays(date, n)).toBe(naiveAddWorkingDays(date, n, closureSet));
        }),
        { numRuns: 1000 },
      );
    });

    it('rejects a malformed closure day', () => {
      expect(() => new WorkingDayCalendar({ nation: 'england', closureDays: ['2026-02-30'] })).toThrow(expect.objectContaining({ code: 'INVALID_LOCAL_DATE' }));
    });
  });

  it('skippedDaysBetween is empty when b <= a', () => {
    expect(england.skippedDaysBetween('2027-01-13', '2026-12-18')).toEqual([]);
    expect(england.skippedDaysBetween('2026-12-25', '2026-12-25')).toEqual([]);
    expect(england.skippedDaysBetween('2026-12-24', '2026-12-25')).toEqual([{ date: '2026-12-25', title: 'Christmas Day' }]);
  });
});
