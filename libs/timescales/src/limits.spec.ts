import fc from 'fast-check';
import { computeDue, warnAt } from './limits';
import { WorkingDayCalendar } from './working-day-calendar';

const england = new WorkingDayCalendar({ nation: 'england' });
const HOUR = 3_600_000;

describe('computeDue', () => {
  it('ICPC: strategy discussion on Friday 2026-12-18 + 15 working days → end of Wednesday 2027-01-13', () => {
    expect(computeDue(Date.parse('2026-12-18T14:30:00Z'), { n: 15, unit: 'working-days' }, england)).toEqual({
      dueAt: Date.parse('2027-01-13T23:59:59Z'),
      dueDate: '2027-01-13',
      skipped: [
        { date: '2026-12-25', title: 'Christmas Day' },
        { date: '2026-12-28', title: 'Boxing Day (substitute day)' },
        { date: '2027-01-01', title: "New Year's Day" },
      ],
    });
  });

  it('counts from the London date of the start: 00:30 BST on Saturday is day 0 = Saturday', () => {
    // 2026-07-10T23:30Z is Saturday 11 July 00:30 in London.
    expect(computeDue(Date.parse('2026-07-10T23:30:00Z'), { n: 1, unit: 'working-days' }, england)).toEqual({
      dueAt: Date.parse('2026-07-13T23:59:59+01:00'),
      dueDate: '2026-07-13',
      skipped: [],
    });
  });

  it('working days across Easter and the change to BST', () => {
    const due = computeDue(Date.parse('2026-03-20T09:00:00Z'), { n: 10, unit: 'working-days' }, england);
    expect(due).toEqual({
      dueAt: Date.parse('2026-04-07T23:59:59+01:00'),
      dueDate: '2026-04-07',
      skipped: [
        { date: '2026-04-03', title: 'Good Friday' },
        { date: '2026-04-06', title: 'Easter Monday' },
      ],
    });
  });

  it('0 working days is the end of day 0', () => {
    expect(computeDue(Date.parse('2026-05-01T08:00:00+01:00'), { n: 0, unit: 'working-days' }, england).dueAt).toBe(Date.parse('2026-05-01T23:59:59+01:00'));
  });

  it('days: end of the n-th calendar day, holidays not skipped', () => {
    expect(computeDue(Date.parse('2026-12-20T10:00:00Z'), { n: 7, unit: 'days' }, england)).toEqual({
      dueAt: Date.parse('2026-12-27T23:59:59Z'),
      dueDate: '2026-12-27',
      skipped: [],
    });
    expect(computeDue(Date.parse('2026-03-25T10:00:00Z'), { n: 7, unit: 'days' }, england).dueAt).toBe(Date.parse('2026-04-01T23:59:59+01:00'));
  });

  it('weeks: 7n days', () => {
    expect(computeDue(Date.parse('2026-10-20T10:00:00+01:00'), { n: 6, unit: 'weeks' }, england)).toEqual({
      dueAt: Date.parse('2026-12-01T23:59:59Z'),
      dueDate: '2026-12-01',
      skipped: [],
    });
  });

  it.each([
    ['2027-01-31T10:00:00Z', 1, '2027-02-28', '2027-02-28T23:59:59Z'],
    ['2028-01-31T10:00:00Z', 1, '2028-02-29', '2028-02-29T23:59:59Z'], // leap year
    ['2026-11-30T10:00:00Z', 3, '2027-02-28', '2027-02-28T23:59:59Z'],
    ['2026-08-31T10:00:00+01:00', 6, '2027-02-28', '2027-02-28T23:59:59Z'],
    ['2026-05-15T10:00:00+01:00', 3, '2026-08-15', '2026-08-15T23:59:59+01:00'],
  ])('months: %s + %i months → end of %s (same day of month, clamped)', (start, n, dueDate, dueAt) => {
    expect(computeDue(Date.parse(start), { n, unit: 'months' }, england)).toEqual({
      dueAt: Date.parse(dueAt),
      dueDate,
      skipped: [],
    });
  });

  it('hours: exact elapsed time, across the clocks going forward and back', () => {
    const spring = Date.parse('2026-03-27T22:00:00Z'); // Friday 22:00 GMT
    expect(computeDue(spring, { n: 72, unit: 'hours' }, england)).toEqual({
      dueAt: Date.parse('2026-03-30T22:00:00Z'), // 23:00 BST on the wall clock
      skipped: [],
    });
    const autumn = Date.parse('2026-10-23T20:00:00+01:00');
    const due = computeDue(autumn, { n: 72, unit: 'hours' }, england);
    expect(due.dueAt).toBe(Date.parse('2026-10-26T19:00:00Z')); // 19:00 GMT on the wall clock
    expect(due.dueAt - autumn).toBe(72 * HOUR);
    expect(due.dueDate).toBeUndefined();
  });

  it.each([[{ n: -1, unit: 'days' }], [{ n: 1.5, unit: 'working-days' }], [{ n: 3, unit: 'fortnights' }], [{ n: Number.NaN, unit: 'hours' }]])(
    'rejects the limit %j',
    (limit) => {
      expect(() => computeDue(Date.parse('2026-01-01T00:00:00Z'), limit as never, england)).toThrow(expect.objectContaining({ code: 'INVALID_LIMIT' }));
    },
  );

  it('rejects a start that is not an instant', () => {
    expect(() => computeDue(Number.NaN, { n: 1, unit: 'hours' }, england)).toThrow(expect.objectContaining({ code: 'INVALID_INSTANT' }));
  });
});

describe('warnAt', () => {
  const londonDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });
  const icpcDue = Date.parse('2027-01-13T23:59:59Z');

  it('defaults to the start of the day 2 working days before the due date', () => {
    expect(warnAt(icpcDue, undefined, england)).toBe(Date.parse('2027-01-11T00:00:00Z'));
    expect(warnAt(icpcDue, { n: 2, unit: 'working-days' }, england)).toBe(Date.parse('2027-01-11T00:00:00Z'));
  });

  it('counts back over weekends and bank holidays', () => {
    const dueMonday = Date.parse('2027-01-04T23:59:59Z');
    expect(warnAt(dueMonday, { n: 1, unit: 'working-days' }, england)).toBe(Date.parse('2026-12-31T00:00:00Z'));
    expect(warnAt(dueMonday, { n: 2, unit: 'working-days' }, england)).toBe(Date.parse('2026-12-30T00:00:00Z'));
    expect(warnAt(dueMonday, { n: 0, unit: 'working-days' }, england)).toBe(Date.parse('2027-01-04T00:00:00Z'));
  });

  it('is a London midnight in BST too', () => {
    expect(warnAt(Date.parse('2026-07-15T23:59:59+01:00'), undefined, england)).toBe(Date.parse('2026-07-13T00:00:00+01:00'));
  });

  it('calendar units: the start of the day n days / weeks / months before the due date', () => {
    const due = Date.parse('2027-03-31T23:59:59+01:00');
    expect(warnAt(due, { n: 3, unit: 'days' }, england)).toBe(Date.parse('2027-03-28T00:00:00Z'));
    expect(warnAt(due, { n: 1, unit: 'weeks' }, england)).toBe(Date.parse('2027-03-24T00:00:00Z'));
    expect(warnAt(due, { n: 1, unit: 'months' }, england)).toBe(Date.parse('2027-02-28T00:00:00Z'));
  });

  it('hours: exactly n hours before', () => {
    const due = Date.parse('2026-03-30T22:00:00Z');
    expect(warnAt(due, { n: 24, unit: 'hours' }, england)).toBe(due - 24 * HOUR);
  });

  it('is never after dueAt, and is a working day for working-day warnings', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2030, 0, 1) }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 5 }),
        (start, n, before) => {
          const due = computeDue(start, { n, unit: 'working-days' }, england);
          const warn = warnAt(due.dueAt, { n: before, unit: 'working-days' }, england);
          expect(warn).toBeLessThan(due.dueAt);
          const warnDate = londonDate.format(warn);
          expect(england.isWorkingDay(warnDate)).toBe(true);
          expect(england.workingDaysBetween(warnDate, due.dueDate ?? '')).toBe(before);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
