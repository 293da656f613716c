import { WorkingDays, addMonths, ageOn, bankHolidays, dayString, formatInstant, parseDay } from './calendar';

const days = (...dates: string[]): number[] => dates.map(parseDay);

describe('calendar', () => {
  it('parses and prints dates, refusing impossible ones', () => {
    expect(dayString(parseDay('2026-02-28'))).toBe('2026-02-28');
    expect(() => parseDay('2026-02-30')).toThrow(RangeError);
    expect(() => parseDay('2026-13-01')).toThrow(RangeError);
    expect(() => parseDay('26-01-01')).toThrow(RangeError);
  });

  it('prints instants as RFC 3339 UTC', () => {
    expect(formatInstant(Date.UTC(2026, 10, 20, 14, 5, 7) / 1000)).toBe('2026-11-20T14:05:07Z');
  });

  it('knows the England and Wales bank holidays, with substitute days', () => {
    // gov.uk: 2026 Boxing Day is a Saturday, so Monday 28 December is the substitute.
    expect(bankHolidays(2026).sort()).toEqual(
      days('2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28'),
    );
    // 2022: Christmas Day on a Sunday (substitute Tue 27), the jubilee and the state funeral.
    expect(bankHolidays(2022)).toEqual(expect.arrayContaining(days('2022-06-02', '2022-06-03', '2022-09-19', '2022-12-26', '2022-12-27')));
    expect(bankHolidays(2022)).not.toContain(parseDay('2022-05-30'));
  });

  it('adds working days as timescales.md counts them', () => {
    const cal = new WorkingDays(parseDay('2026-12-01'));
    // Strategy discussion Friday 2026-12-18 + 15 working days → Wednesday 2027-01-13 (timescales.md).
    expect(dayString(cal.add(parseDay('2026-12-18'), 15))).toBe('2027-01-13');
    expect(cal.between(parseDay('2026-12-18'), parseDay('2027-01-13'))).toBe(15);
    expect(cal.isWorkingDay(parseDay('2026-12-28'))).toBe(false);
    expect(dayString(cal.onOrAfter(parseDay('2026-12-26')))).toBe('2026-12-29');
    // Far outside the first table: it grows on demand.
    expect(dayString(cal.add(parseDay('2040-12-24'), 1))).toBe('2040-12-27');
  });

  it('adds calendar months clamped to the month end, and counts ages', () => {
    expect(dayString(addMonths(parseDay('2026-01-31'), 1))).toBe('2026-02-28');
    expect(dayString(addMonths(parseDay('2026-11-30'), 3))).toBe('2027-02-28');
    expect(ageOn(parseDay('2008-11-23'), parseDay('2026-11-22'))).toBe(17);
    expect(ageOn(parseDay('2008-11-23'), parseDay('2026-11-23'))).toBe(18);
  });
});
