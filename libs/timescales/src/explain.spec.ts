import { describeLimit, explainDue } from './explain';
import { computeDue } from './limits';
import { WorkingDayCalendar } from './working-day-calendar';

const england = new WorkingDayCalendar({ nation: 'england' });

describe('explainDue', () => {
  it('says the ICPC example in plain words, with the skipped days and their gov.uk names', () => {
    const limit = { n: 15, unit: 'working-days' } as const;
    const due = computeDue(Date.parse('2026-12-18T14:30:00Z'), limit, england);
    expect(explainDue({ anchorLabel: 'strategy discussion', anchorDate: '2026-12-18', limit, skipped: due.skipped })).toBe(
      "15 working days after the strategy discussion on 2026-12-18, skipping 2026-12-25 (Christmas Day), 2026-12-28 (Boxing Day (substitute day)), 2027-01-01 (New Year's Day)",
    );
  });

  it('leads with the rule title and ends with the due date when given', () => {
    expect(
      explainDue({
        ruleTitle: 'Initial child protection conference',
        anchorLabel: 'strategy discussion',
        anchorDate: '2026-11-02',
        limit: { n: 15, unit: 'working-days' },
        skipped: [],
        dueDate: '2026-11-23',
      }),
    ).toBe('Initial child protection conference: 15 working days after the strategy discussion on 2026-11-02; due by the end of 2026-11-23');
  });

  it('uses "at" for a time and "due by" an exact time for hours', () => {
    expect(
      explainDue({
        anchorLabel: 'return from missing',
        anchorDate: '2026-03-27 22:00',
        limit: { n: 72, unit: 'hours' },
        dueDate: '2026-03-30 23:00',
      }),
    ).toBe('72 hours after the return from missing at 2026-03-27 22:00; due by 2026-03-30 23:00');
  });

  it.each([
    [{ n: 1, unit: 'working-days' }, '1 working day'],
    [{ n: 45, unit: 'working-days' }, '45 working days'],
    [{ n: 7, unit: 'days' }, '7 days'],
    [{ n: 1, unit: 'weeks' }, '1 week'],
    [{ n: 6, unit: 'weeks' }, '6 weeks'],
    [{ n: 3, unit: 'months' }, '3 months'],
    [{ n: 1, unit: 'hours' }, '1 hour'],
  ] as const)('describes %j as "%s"', (limit, words) => {
    expect(describeLimit(limit)).toBe(words);
  });
});
