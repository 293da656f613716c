import Holidays from 'date-holidays';
import { BANK_HOLIDAY_OVERRIDES } from './bank-holidays-overrides';
import { bankHolidayTitle, bankHolidays, isBankHoliday } from './bank-holidays';
import { NATIONS } from './nation';

// gov.uk's England-and-Wales list, typed out by hand. The titles are the plain names used in
// explain texts. Weekend days are not listed: gov.uk lists the substitute weekday instead.
const GOV_UK: Record<number, [date: string, title: string][]> = {
  2015: [
    ['2015-01-01', "New Year's Day"], // Thu
    ['2015-04-03', 'Good Friday'], // Fri
    ['2015-04-06', 'Easter Monday'], // Mon
    ['2015-05-04', 'Early May bank holiday'], // Mon
    ['2015-05-25', 'Spring bank holiday'], // Mon
    ['2015-08-31', 'Summer bank holiday'], // Mon
    ['2015-12-25', 'Christmas Day'], // Fri
    ['2015-12-28', 'Boxing Day (substitute day)'], // Mon
  ],
  2016: [
    ['2016-01-01', "New Year's Day"], // Fri
    ['2016-03-25', 'Good Friday'], // Fri
    ['2016-03-28', 'Easter Monday'], // Mon
    ['2016-05-02', 'Early May bank holiday'], // Mon
    ['2016-05-30', 'Spring bank holiday'], // Mon
    ['2016-08-29', 'Summer bank holiday'], // Mon
    ['2016-12-26', 'Boxing Day'], // Mon
    ['2016-12-27', 'Christmas Day (substitute day)'], // Tue
  ],
  2017: [
    ['2017-01-02', "New Year's Day (substitute day)"], // Mon
    ['2017-04-14', 'Good Friday'], // Fri
    ['2017-04-17', 'Easter Monday'], // Mon
    ['2017-05-01', 'Early May bank holiday'], // Mon
    ['2017-05-29', 'Spring bank holiday'], // Mon
    ['2017-08-28', 'Summer bank holiday'], // Mon
    ['2017-12-25', 'Christmas Day'], // Mon
    ['2017-12-26', 'Boxing Day'], // Tue
  ],
  2018: [
    ['2018-01-01', "New Year's Day"], // Mon
    ['2018-03-30', 'Good Friday'], // Fri
    ['2018-04-02', 'Easter Monday'], // Mon
    ['2018-05-07', 'Early May bank holiday'], // Mon
    ['2018-05-28', 'Spring bank holiday'], // Mon
    ['2018-08-27', 'Summer bank holiday'], // Mon
    ['2018-12-25', 'Christmas Day'], // Tue
    ['2018-12-26', 'Boxing Day'], // Wed
  ],
  2019: [
    ['2019-01-01', "New Year's Day"], // Tue
    ['2019-04-19', 'Good Friday'], // Fri
    ['2019-04-22', 'Easter Monday'], // Mon
    ['2019-05-06', 'Early May bank holiday'], // Mon
    ['2019-05-27', 'Spring bank holiday'], // Mon
    ['2019-08-26', 'Summer bank holiday'], // Mon
    ['2019-12-25', 'Christmas Day'], // Wed
    ['2019-12-26', 'Boxing Day'], // Thu
  ],
  2020: [
    ['2020-01-01', "New Year's Day"], // Wed
    ['2020-04-10', 'Good Friday'], // Fri
    ['2020-04-13', 'Easter Monday'], // Mon
    ['2020-05-08', 'Early May bank holiday (VE day)'], // Fri
    ['2020-05-25', 'Spring bank holiday'], // Mon
    ['2020-08-31', 'Summer bank holiday'], // Mon
    ['2020-12-25', 'Christmas Day'], // Fri
    ['2020-12-28', 'Boxing Day (substitute day)'], // Mon
  ],
  2021: [
    ['2021-01-01', "New Year's Day"], // Fri
    ['2021-04-02', 'Good Friday'], // Fri
    ['2021-04-05', 'Easter Monday'], // Mon
    ['2021-05-03', 'Early May bank holiday'], // Mon
    ['2021-05-31', 'Spring bank holiday'], // Mon
    ['2021-08-30', 'Summer bank holiday'], // Mon
    ['2021-12-27', 'Christmas Day (substitute day)'], // Mon
    ['2021-12-28', 'Boxing Day (substitute day)'], // Tue
  ],
  2022: [
    ['2022-01-03', "New Year's Day (substitute day)"], // Mon
    ['2022-04-15', 'Good Friday'], // Fri
    ['2022-04-18', 'Easter Monday'], // Mon
    ['2022-05-02', 'Early May bank holiday'], // Mon
    ['2022-06-02', 'Spring bank holiday'], // Thu
    ['2022-06-03', 'Platinum Jubilee bank holiday'], // Fri
    ['2022-08-29', 'Summer bank holiday'], // Mon
    ['2022-09-19', 'Bank Holiday for the State Funeral of Queen Elizabeth II'], // Mon
    ['2022-12-26', 'Boxing Day'], // Mon
    ['2022-12-27', 'Christmas Day (substitute day)'], // Tue
  ],
  2023: [
    ['2023-01-02', "New Year's Day (substitute day)"], // Mon
    ['2023-04-07', 'Good Friday'], // Fri
    ['2023-04-10', 'Easter Monday'], // Mon
    ['2023-05-01', 'Early May bank holiday'], // Mon
    ['2023-05-08', 'Bank holiday for the coronation of King Charles III'], // Mon
    ['2023-05-29', 'Spring bank holiday'], // Mon
    ['2023-08-28', 'Summer bank holiday'], // Mon
    ['2023-12-25', 'Christmas Day'], // Mon
    ['2023-12-26', 'Boxing Day'], // Tue
  ],
  2024: [
    ['2024-01-01', "New Year's Day"], // Mon
    ['2024-03-29', 'Good Friday'], // Fri
    ['2024-04-01', 'Easter Monday'], // Mon
    ['2024-05-06', 'Early May bank holiday'], // Mon
    ['2024-05-27', 'Spring bank holiday'], // Mon
    ['2024-08-26', 'Summer bank holiday'], // Mon
    ['2024-12-25', 'Christmas Day'], // Wed
    ['2024-12-26', 'Boxing Day'], // Thu
  ],
  2025: [
    ['2025-01-01', "New Year's Day"], // Wed
    ['2025-04-18', 'Good Friday'], // Fri
    ['2025-04-21', 'Easter Monday'], // Mon
    ['2025-05-05', 'Early May bank holiday'], // Mon
    ['2025-05-26', 'Spring bank holiday'], // Mon
    ['2025-08-25', 'Summer bank holiday'], // Mon
    ['2025-12-25', 'Christmas Day'], // Thu
    ['2025-12-26', 'Boxing Day'], // Fri
  ],
  2026: [
    ['2026-01-01', "New Year's Day"], // Thu
    ['2026-04-03', 'Good Friday'], // Fri
    ['2026-04-06', 'Easter Monday'], // Mon
    ['2026-05-04', 'Early May bank holiday'], // Mon
    ['2026-05-25', 'Spring bank holiday'], // Mon
    ['2026-08-31', 'Summer bank holiday'], // Mon
    ['2026-12-25', 'Christmas Day'], // Fri
    ['2026-12-28', 'Boxing Day (substitute day)'], // Mon
  ],
  2027: [
    ['2027-01-01', "New Year's Day"], // Fri
    ['2027-03-26', 'Good Friday'], // Fri
    ['2027-03-29', 'Easter Monday'], // Mon
    ['2027-05-03', 'Early May bank holiday'], // Mon
    ['2027-05-31', 'Spring bank holiday'], // Mon
    ['2027-08-30', 'Summer bank holiday'], // Mon
    ['2027-12-27', 'Christmas Day (substitute day)'], // Mon
    ['2027-12-28', 'Boxing Day (substitute day)'], // Tue
  ],
  2028: [
    ['2028-01-03', "New Year's Day (substitute day)"], // Mon
    ['2028-04-14', 'Good Friday'], // Fri
    ['2028-04-17', 'Easter Monday'], // Mon
    ['2028-05-01', 'Early May bank holiday'], // Mon
    ['2028-05-29', 'Spring bank holiday'], // Mon
    ['2028-08-28', 'Summer bank holiday'], // Mon
    ['2028-12-25', 'Christmas Day'], // Mon
    ['2028-12-26', 'Boxing Day'], // Tue
  ],
  2029: [
    ['2029-01-01', "New Year's Day"], // Mon
    ['2029-03-30', 'Good Friday'], // Fri
    ['2029-04-02', 'Easter Monday'], // Mon
    ['2029-05-07', 'Early May bank holiday'], // Mon
    ['2029-05-28', 'Spring bank holiday'], // Mon
    ['2029-08-27', 'Summer bank holiday'], // Mon
    ['2029-12-25', 'Christmas Day'], // Tue
    ['2029-12-26', 'Boxing Day'], // Wed
  ],
  2030: [
    ['2030-01-01', "New Year's Day"], // Tue
    ['2030-04-19', 'Good Friday'], // Fri
    ['2030-04-22', 'Easter Monday'], // Mon
    ['2030-05-06', 'Early May bank holiday'], // Mon
    ['2030-05-27', 'Spring bank holiday'], // Mon
    ['2030-08-26', 'Summer bank holiday'], // Mon
    ['2030-12-25', 'Christmas Day'], // Wed
    ['2030-12-26', 'Boxing Day'], // Thu
  ],
};

// Independent of the library: the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
function easterSunday(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(year, month - 1, day));
}

const iso = (d: Date): string => d.toISOString().slice(0, 10);
const plusDays = (d: Date, n: number): Date => new Date(d.getTime() + n * 86_400_000);
const weekday = (s: string): number => new Date(`${s}T00:00:00Z`).getUTCDay();

describe('bank holidays (England and Wales)', () => {
  describe.each(NATIONS)('%s', (nation) => {
    it.each(Object.keys(GOV_UK).map(Number))('lists exactly gov.uk’s bank holidays for %i', (year) => {
      expect(bankHolidays(nation, year).map((h) => [h.date, h.title])).toEqual(GOV_UK[year]);
    });
  });

  it('the hand-typed table agrees with Easter computed independently and the fixed-date rules', () => {
    for (const [year, days] of Object.entries(GOV_UK)) {
      const dates = days.map(([date]) => date);
      const easter = easterSunday(Number(year));
      expect(dates).toContain(iso(plusDays(easter, -2)));
      expect(dates).toContain(iso(plusDays(easter, 1)));
      // Every listed day is a weekday, and each year has 8 bank holidays plus its one-offs.
      for (const date of dates) expect([1, 2, 3, 4, 5]).toContain(weekday(date));
      const oneOffs = { 2022: 2, 2023: 1 }[Number(year) as 2022 | 2023] ?? 0;
      expect(dates).toHaveLength(8 + oneOffs);
      // Summer bank holiday: the last Monday of August.
      const summer = dates.find((d) => d.slice(5, 7) === '08');
      expect(summer && weekday(summer)).toBe(1);
      expect(Number(summer?.slice(8))).toBeGreaterThan(24);
    }
  });

  it('has the one-off changes: VE day 2020, Platinum Jubilee 2022, state funeral 2022, coronation 2023', () => {
    expect(isBankHoliday('england', '2020-05-08')).toBe(true);
    expect(isBankHoliday('england', '2020-05-04')).toBe(false);
    expect(isBankHoliday('england', '2022-06-02')).toBe(true);
    expect(isBankHoliday('england', '2022-06-03')).toBe(true);
    expect(isBankHoliday('england', '2022-05-30')).toBe(false);
    expect(isBankHoliday('wales', '2022-09-19')).toBe(true);
    expect(isBankHoliday('wales', '2023-05-08')).toBe(true);
    expect(bankHolidayTitle('england', '2023-05-08')).toBe('Bank holiday for the coronation of King Charles III');
  });

  it('has the one-offs before 2015 that date-holidays lacks (fixed by the overrides)', () => {
    const expected: [string, boolean][] = [
      ['1995-05-08', true],
      ['1995-05-01', false],
      ['1999-12-31', true],
      ['2002-06-03', true],
      ['2002-06-04', true],
      ['2002-05-27', false],
      ['2011-04-29', true],
      ['2012-06-04', true],
      ['2012-06-05', true],
      ['2012-05-28', false],
    ];
    for (const nation of NATIONS) {
      expect(expected.map(([date]) => [date, isBankHoliday(nation, date)])).toEqual(expected);
    }
  });

  it('drops the nominal weekend day date-holidays also lists: Boxing Day on Saturday 2026-12-26 is not a day off', () => {
    expect(isBankHoliday('england', '2026-12-26')).toBe(false);
    expect(bankHolidayTitle('england', '2026-12-28')).toBe('Boxing Day (substitute day)');
    expect(isBankHoliday('england', '2026-12-24')).toBe(false);
  });

  it('every override entry changes what date-holidays says (none is stale)', () => {
    for (const nation of NATIONS) {
      const source = new Holidays('GB', nation === 'england' ? 'ENG' : 'WLS', { types: ['public', 'bank'] });
      const packageTitle = (date: string): string | undefined =>
        source.getHolidays(Number(date.slice(0, 4))).find((h) => h.date.startsWith(date))?.name;
      for (const entry of BANK_HOLIDAY_OVERRIDES.add.filter((e) => e.nations.includes(nation))) {
        expect([entry.date, packageTitle(entry.date)]).not.toEqual([entry.date, entry.title]);
        expect([entry.date, bankHolidayTitle(nation, entry.date)]).toEqual([entry.date, entry.title]);
      }
      for (const entry of BANK_HOLIDAY_OVERRIDES.remove.filter((e) => e.nations.includes(nation))) {
        expect([entry.date, packageTitle(entry.date)]).not.toEqual([entry.date, undefined]);
        expect([entry.date, isBankHoliday(nation, entry.date)]).toEqual([entry.date, false]);
      }
    }
  });

  it('rejects a nation it does not know', () => {
    expect(() => bankHolidays('scotland' as never, 2026)).toThrow(expect.objectContaining({ code: 'INVALID_NATION' }));
  });
});
