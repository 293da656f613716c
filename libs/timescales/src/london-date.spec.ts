import fc from 'fast-check';
import {
  addDays,
  addMonthsClamped,
  dayOfWeek,
  daysBetween,
  endOfLondonDay,
  financialYearBounds,
  financialYearOf,
  isLocalDate,
  londonDateOf,
  monthBounds,
  startOfLondonDay,
} from './london-date';

// Intl as the reference for "the London date of an instant".
const reference = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

describe('londonDateOf', () => {
  it.each([
    ['2026-01-15T23:30:00Z', '2026-01-15'], // GMT: London = UTC
    ['2026-07-15T23:30:00Z', '2026-07-16'], // BST: 00:30 next day in London
    ['2026-03-29T00:30:00Z', '2026-03-29'], // clocks go forward at 01:00 UTC on 29 March
    ['2026-03-28T23:59:59Z', '2026-03-28'],
    ['2026-03-29T23:30:00Z', '2026-03-30'], // now BST
    ['2026-10-24T23:30:00Z', '2026-10-25'], // still BST: 00:30 on the 25th in London
    ['2026-10-25T00:59:59Z', '2026-10-25'],
    ['2026-10-25T23:30:00Z', '2026-10-25'], // back to GMT at 01:00 UTC on 25 October
    ['2026-12-31T23:59:59.999Z', '2026-12-31'],
    ['2027-06-30T23:00:00Z', '2027-07-01'],
  ])('%s is %s in London', (instant, date) => {
    expect(londonDateOf(Date.parse(instant))).toBe(date);
  });

  it('agrees with Intl for any instant 1990–2060', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2060, 0, 1) }), (ms) => {
        expect(londonDateOf(ms)).toBe(reference.format(ms));
      }),
      { numRuns: 5000 },
    );
  });

  it('rejects a non-finite instant', () => {
    expect(() => londonDateOf(Number.NaN)).toThrow(expect.objectContaining({ code: 'INVALID_INSTANT' }));
  });
});

describe('startOfLondonDay and endOfLondonDay', () => {
  it('are midnight and 23:59:59.000 London time, in GMT and in BST', () => {
    expect(startOfLondonDay('2026-01-13')).toBe(Date.parse('2026-01-13T00:00:00Z'));
    expect(endOfLondonDay('2026-01-13')).toBe(Date.parse('2026-01-13T23:59:59Z'));
    expect(startOfLondonDay('2026-07-01')).toBe(Date.parse('2026-07-01T00:00:00+01:00'));
    expect(endOfLondonDay('2026-07-01')).toBe(Date.parse('2026-07-01T23:59:59+01:00'));
  });

  it('handle the days the clocks change (23 and 25 hours long)', () => {
    expect(startOfLondonDay('2026-03-29')).toBe(Date.parse('2026-03-29T00:00:00Z'));
    expect(endOfLondonDay('2026-03-29')).toBe(Date.parse('2026-03-29T23:59:59+01:00'));
    expect(startOfLondonDay('2026-03-30') - startOfLondonDay('2026-03-29')).toBe(23 * 3_600_000);
    expect(startOfLondonDay('2026-10-25')).toBe(Date.parse('2026-10-25T00:00:00+01:00'));
    expect(endOfLondonDay('2026-10-25')).toBe(Date.parse('2026-10-25T23:59:59Z'));
    expect(startOfLondonDay('2026-10-26') - startOfLondonDay('2026-10-25')).toBe(25 * 3_600_000);
  });

  it('round-trip through londonDateOf for every day 2000–2050', () => {
    for (let t = Date.UTC(2000, 0, 1); t < Date.UTC(2051, 0, 1); t += 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10);
      const start = startOfLondonDay(date);
      const end = endOfLondonDay(date);
      const got = [londonDateOf(start), londonDateOf(start - 1), londonDateOf(end), londonDateOf(end + 1000)];
      const want = [date, addDays(date, -1), date, addDays(date, 1)];
      // expect only on a mismatch: 18,600 toEqual calls would dominate the run.
      if (got.join() !== want.join()) expect(got).toEqual(want);
    }
  });
});

describe('day arithmetic', () => {
  it('addDays crosses months, years and leap days', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-05-01', 0)).toBe('2026-05-01');
  });

  it('dayOfWeek is 0 for Sunday … 6 for Saturday', () => {
    expect(dayOfWeek('2026-12-18')).toBe(5);
    expect(dayOfWeek('2026-12-26')).toBe(6);
    expect(dayOfWeek('2026-12-27')).toBe(0);
    expect(dayOfWeek('1970-01-01')).toBe(4);
    expect(dayOfWeek('1969-12-28')).toBe(0);
  });

  it('daysBetween is b − a in calendar days', () => {
    expect(daysBetween('2026-12-18', '2027-01-13')).toBe(26);
    expect(daysBetween('2027-01-13', '2026-12-18')).toBe(-26);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
  });

  it('addMonthsClamped keeps the day of month, clamped to the month end', () => {
    expect(addMonthsClamped('2027-01-31', 1)).toBe('2027-02-28');
    expect(addMonthsClamped('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonthsClamped('2026-03-31', 3)).toBe('2026-06-30');
    expect(addMonthsClamped('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonthsClamped('2026-11-15', 3)).toBe('2027-02-15');
    expect(addMonthsClamped('2026-05-31', -3)).toBe('2026-02-28');
    expect(addMonthsClamped('2026-05-31', 0)).toBe('2026-05-31');
    expect(addMonthsClamped('2026-01-31', 12)).toBe('2027-01-31');
  });

  it('addDays and daysBetween agree for random dates', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30_000 }), fc.integer({ min: -5000, max: 5000 }), (offset, n) => {
        const date = new Date(Date.UTC(1990, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
        expect(daysBetween(date, addDays(date, n))).toBe(n);
        expect(addDays(date, n)).toBe(new Date(Date.parse(date) + n * 86_400_000).toISOString().slice(0, 10));
      }),
    );
  });

  it('rejects malformed and impossible dates', () => {
    for (const bad of ['2026-02-29', '2026-13-01', '2026-00-10', '2026-1-01', '26-01-01', '2026/01/01', '2026-01-32', '']) {
      expect(isLocalDate(bad)).toBe(false);
      expect(() => addDays(bad, 1)).toThrow(expect.objectContaining({ code: 'INVALID_LOCAL_DATE' }));
    }
    expect(isLocalDate('2028-02-29')).toBe(true);
    expect(() => addDays('2026-01-01', 1.5)).toThrow(expect.objectContaining({ code: 'INVALID_NUMBER' }));
  });
});

describe('periods', () => {
  it('financialYearOf names the year by its April', () => {
    expect(financialYearOf('2026-05-01')).toBe(2026);
    expect(financialYearOf('2026-04-01')).toBe(2026);
    expect(financialYearOf('2026-03-31')).toBe(2025);
    expect(financialYearOf('2027-03-31')).toBe(2026);
    expect(financialYearOf('2027-01-01')).toBe(2026);
  });

  it('financialYearBounds runs 1 April to 31 March', () => {
    expect(financialYearBounds(2026)).toEqual({ first: '2026-04-01', last: '2027-03-31' });
  });

  it('monthBounds gives the first and last date of the month', () => {
    expect(monthBounds('2026-11')).toEqual({ first: '2026-11-01', last: '2026-11-30' });
    expect(monthBounds('2028-02')).toEqual({ first: '2028-02-01', last: '2028-02-29' });
    expect(monthBounds('2027-02')).toEqual({ first: '2027-02-01', last: '2027-02-28' });
    expect(monthBounds('2026-12')).toEqual({ first: '2026-12-01', last: '2026-12-31' });
    expect(() => monthBounds('2026-13')).toThrow(expect.objectContaining({ code: 'INVALID_MONTH' }));
  });
});
