import Holidays from 'date-holidays';
import { BANK_HOLIDAY_OVERRIDES } from './bank-holidays-overrides';
import { bankHolidayTitle, bankHolidays, isBankHoliday } from './bank-holidays';
import { NATIONS } from './nation';
import { GOV_UK_BANK_HOLIDAYS } from './testing/gov-uk-bank-holidays';

const GOV_UK = GOV_UK_BANK_HOLIDAYS;

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
      const packageTitle = (date: string): string | undefined => source.getHolidays(Number(date.slice(0, 4))).find((h) => h.date.startsWith(date))?.name;
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
