import { WorkingDays, addMonths, birthday, dayString, formatInstant, monthString, parseDay } from './calendar';

describe('calendar', () => {
  it('parses and prints dates, refusing impossible ones', () => {
    expect(parseDay('1970-01-01')).toBe(0);
    expect(dayString(parseDay('2026-02-28'))).toBe('2026-02-28');
    expect(dayString(parseDay('2003-07-09'))).toBe('2003-07-09');
    expect(dayString(parseDay('2055-12-31'))).toBe('2055-12-31');
    expect(monthString(parseDay('2026-11-20'))).toBe('2026-11');
    expect(() => parseDay('2026-02-30')).toThrow(RangeError);
    expect(() => parseDay('2026-13-01')).toThrow(RangeError);
    expect(() => parseDay('26-01-01')).toThrow(RangeError);
  });

  it('prints instants as RFC 3339 UTC', () => {
    expect(formatInstant(Date.UTC(2026, 10, 20, 14, 5, 7) / 1000)).toBe('2026-11-20T14:05:07Z');
    expect(formatInstant(Date.UTC(2045, 0, 1, 23, 59, 59) / 1000)).toBe('2045-01-01T23:59:59Z');
  });

  it('adds working days as timescales.md counts them', () => {
    const cal = new WorkingDays();
    // Strategy discussion Friday 2026-12-18 + 15 working days → Wednesday 2027-01-13 (timescales.md).
    expect(dayString(cal.add(parseDay('2026-12-18'), 15))).toBe('2027-01-13');
    expect(cal.between(parseDay('2026-12-18'), parseDay('2027-01-13'))).toBe(15);
    expect(cal.between(parseDay('2027-01-13'), parseDay('2026-12-18'))).toBe(0);
    expect(cal.add(parseDay('2026-12-18'), 0)).toBe(parseDay('2026-12-18'));
    expect(cal.isWorkingDay(parseDay('2026-12-28'))).toBe(false); // substitute for Boxing Day
    expect(dayString(cal.onOrAfter(parseDay('2026-12-26')))).toBe('2026-12-29');
    expect(dayString(cal.onOrAfter(parseDay('2026-12-29')))).toBe('2026-12-29');
    // Beyond the precomputed years too.
    expect(dayString(cal.add(parseDay('2040-12-24'), 1))).toBe('2040-12-27');
    expect(dayString(cal.add(parseDay('2045-12-22'), 1))).toBe('2045-12-27');
  });

  it('follows the gov.uk bank holidays, one-offs included (timescales is the authority)', () => {
    const cal = new WorkingDays();
    for (const date of ['2011-04-29', '2012-06-04', '2012-06-05', '2020-05-08', '2022-06-02', '2022-06-03', '2022-09-19', '2023-05-08']) {
      expect([date, cal.isWorkingDay(parseDay(date))]).toEqual([date, false]);
    }
    // The spring bank holidays those one-offs moved are working days.
    for (const date of ['2012-05-28', '2020-05-04', '2022-05-30']) expect([date, cal.isWorkingDay(parseDay(date))]).toEqual([date, true]);
  });

  it('adds calendar months clamped to the month end, and finds birthdays', () => {
    expect(dayString(addMonths(parseDay('2026-01-31'), 1))).toBe('2026-02-28');
    expect(dayString(addMonths(parseDay('2026-11-30'), 3))).toBe('2027-02-28');
    expect(dayString(birthday(parseDay('2008-02-29'), 18))).toBe('2026-02-28');
    expect(dayString(birthday(parseDay('2008-11-23'), 18))).toBe('2026-11-23');
  });
});
