import { eventTimeToEpochMs, londonMidnight, londonOffsetMs, parseEventTime } from './event-time';

describe('londonMidnight (a date-only time is 00:00 Europe/London)', () => {
  it('is 00:00 UTC on a winter (GMT) date', () => {
    expect(londonMidnight('2026-01-15')).toBe(Date.UTC(2026, 0, 15, 0, 0));
    expect(new Date(londonMidnight('2026-12-25')).toISOString()).toBe('2026-12-25T00:00:00.000Z');
  });

  it('is 23:00 UTC the day before on a summer (BST) date', () => {
    expect(londonMidnight('2026-07-01')).toBe(Date.UTC(2026, 5, 30, 23, 0));
    expect(new Date(londonMidnight('2020-04-14')).toISOString()).toBe('2020-04-13T23:00:00.000Z');
  });

  it('follows the clock changes (last Sundays of March and October 2026)', () => {
    // Clocks go forward at 01:00 UTC on 29 March: that midnight is still GMT.
    expect(londonMidnight('2026-03-29')).toBe(Date.UTC(2026, 2, 29, 0, 0));
    expect(londonMidnight('2026-03-30')).toBe(Date.UTC(2026, 2, 29, 23, 0));
    // Clocks go back at 01:00 UTC on 25 October: that midnight is still BST.
    expect(londonMidnight('2026-10-25')).toBe(Date.UTC(2026, 9, 24, 23, 0));
    expect(londonMidnight('2026-10-26')).toBe(Date.UTC(2026, 9, 26, 0, 0));
  });

  it('gives the same answer from its cache', () => {
    expect(londonMidnight('2026-07-01')).toBe(londonMidnight('2026-07-01'));
  });

  it('is NaN for something that is not a date', () => {
    expect(londonMidnight('2026-02-29')).toBeNaN();
    expect(londonMidnight('2026-7-1')).toBeNaN();
  });
});

describe('londonOffsetMs', () => {
  it('is 0 in winter and one hour in summer', () => {
    expect(londonOffsetMs(Date.UTC(2026, 0, 15, 12))).toBe(0);
    expect(londonOffsetMs(Date.UTC(2026, 6, 15, 12))).toBe(3_600_000);
  });
});

describe('eventTimeToEpochMs', () => {
  it('reads a date-time with its offset', () => {
    expect(eventTimeToEpochMs('2026-11-20T14:05:00Z')).toBe(Date.UTC(2026, 10, 20, 14, 5));
    expect(eventTimeToEpochMs('2026-07-01T09:00:00+01:00')).toBe(Date.UTC(2026, 6, 1, 8, 0));
    expect(eventTimeToEpochMs('2026-07-01T09:00:00-05:30')).toBe(Date.UTC(2026, 6, 1, 14, 30));
    expect(eventTimeToEpochMs('2026-07-01t09:00:00z')).toBe(Date.UTC(2026, 6, 1, 9, 0));
  });

  it('keeps milliseconds and drops finer digits', () => {
    expect(eventTimeToEpochMs('2026-11-20T14:05:00.5Z')).toBe(Date.UTC(2026, 10, 20, 14, 5, 0, 500));
    expect(eventTimeToEpochMs('2026-11-20T14:05:00.123456Z')).toBe(Date.UTC(2026, 10, 20, 14, 5, 0, 123));
  });

  it('reads a date as London midnight', () => {
    expect(eventTimeToEpochMs('2026-07-01')).toBe(Date.UTC(2026, 5, 30, 23, 0));
  });

  it('is NaN for a date-time without offset, an impossible date or free text', () => {
    expect(eventTimeToEpochMs('2026-11-20T14:05:00')).toBeNaN();
    expect(eventTimeToEpochMs('2026-02-30T10:00:00Z')).toBeNaN();
    expect(eventTimeToEpochMs('20/11/2026')).toBeNaN();
  });

  it('parseEventTime throws on what eventTimeToEpochMs cannot read', () => {
    expect(parseEventTime('2026-01-15')).toBe(Date.UTC(2026, 0, 15));
    expect(() => parseEventTime('yesterday')).toThrow(new RangeError('not an RFC 3339 date-time with offset, or a date YYYY-MM-DD: "yesterday"'));
  });
});
