import type { CaseEvent } from '@casewatch/contracts';
import { at, ev } from '../rules/test-events';
import { prepareEvents } from '../rules/prepare-events';
import { countedStretches, legalStatusOf, lookedAfterAt, placementsDuring, readCare } from './care-periods';

// Hand-computed. Dates are London dates at 00:00 (GMT in winter, BST from 29 March 2026).
const read = (events: CaseEvent[]) => readCare(prepareEvents(events, 8.64e15, undefined));
const started = (date: string, periodId: string, legalStatus: string, extra: Record<string, unknown> = {}) =>
  ev('csc.lac.started', date, { periodId, legalStatus, placementType: 'U1', ...extra });
const status = (date: string, periodId: string, legalStatus: string) => ev('csc.lac.legal-status-changed', date, { periodId, legalStatus });
const moved = (date: string, periodId: string) => ev('csc.lac.placement-changed', date, { periodId, placementType: 'U3' });
const ended = (date: string, periodId: string, reason: string) => ev('csc.lac.ended', date, { periodId, reason });

describe('readCare: periods of care as DfE counts them', () => {
  it('reads the legal status, and shortBreak only when there is none', () => {
    expect(legalStatusOf({ legalStatus: 'C2' })).toBe('C2');
    expect(legalStatusOf({ shortBreak: true })).toBe('V3');
    expect(legalStatusOf({ legalStatus: 'C2', shortBreak: true })).toBe('C2');
    expect(legalStatusOf({})).toBeUndefined();
  });

  it('counts a period that starts as a short break (V3) from its change to C2, and not as a start', () => {
    const [p] = read([started('2026-01-05', 'L1', 'V3'), status('2026-02-02', 'L1', 'C2')]);
    expect(p.startCounted).toBe(false);
    expect(countedStretches(p)).toEqual([{ period: p, from: at('2026-02-02T00:00:00Z'), to: 8.64e15 }]);
    expect(lookedAfterAt([p], at('2026-01-31T23:59:59Z'))).toBeUndefined();
    expect(lookedAfterAt([p], at('2026-02-28T23:59:59Z'))?.from).toBe(at('2026-02-02T00:00:00Z'));
  });

  it('does not count an ending under a short-break status; does count one under another status', () => {
    const [a] = read([started('2026-01-05', 'L1', 'C2'), status('2026-03-02', 'L1', 'V4'), ended('2026-04-01', 'L1', 'E13')]);
    expect(a.end).toMatchObject({ by: 'ended', reason: 'E13', counted: false });
    expect(countedStretches(a).map((s) => [s.from, s.to])).toEqual([[at('2026-01-05T00:00:00Z'), at('2026-03-02T00:00:00Z')]]);
    const [b] = read([started('2026-01-05', 'L1', 'V3'), status('2026-02-02', 'L1', 'C2'), ended('2026-04-01', 'L1', 'E11')]);
    expect(b.end).toMatchObject({ reason: 'E11', counted: true });
  });

  it('closes an open period when another starts, without a ceasing; its late ending is ignored', () => {
    const periods = read([started('2026-01-05', 'L1', 'C2'), started('2026-03-02', 'L2', 'C2'), ended('2026-03-20', 'L1', 'E13')]);
    expect(periods.map((p) => p.periodId)).toEqual(['L1', 'L2']);
    expect(periods[0].end).toMatchObject({ by: 'new-start', counted: false, at: at('2026-03-02T00:00:00Z') });
    expect(periods[1].end).toBeUndefined();
    expect(lookedAfterAt(periods, at('2026-03-31T23:00:00Z'))?.period.periodId).toBe('L2');
  });

  it('reads a day that ends one period and starts the next, and a one-day period, whatever the arrival order', () => {
    const periods = read([
      started('2026-01-05', 'L2', 'C2'),
      ended('2026-01-05', 'L2', 'E13'),
      ended('2026-01-05', 'L1', 'E11'),
      started('2025-06-01', 'L1', 'C2'),
    ]);
    expect(periods.map((p) => [p.periodId, p.end?.by, p.end?.reason, p.end?.counted])).toEqual([
      ['L1', 'ended', 'E11', true],
      ['L2', 'ended', 'E13', true],
    ]);
  });

  it('counts a startInferred start in the snapshots but not as a start', () => {
    const [p] = read([started('2026-01-05', 'L1', 'C2', { startInferred: true })]);
    expect(p.startCounted).toBe(false);
    expect(lookedAfterAt([p], at('2026-01-31T23:00:00Z'))).toBeDefined();
  });

  it('counts placements: the one in progress when the window begins and each later one, not a change of legal status', () => {
    const periods = read([started('2025-06-01', 'L1', 'C1'), moved('2026-01-10', 'L1'), status('2026-03-01', 'L1', 'C2'), moved('2026-06-01', 'L1')]);
    // 12 months to 31 October 2026: from 1 November 2025; the first placement was in progress then.
    expect(placementsDuring(periods, at('2025-11-01T00:00:00Z'), at('2026-10-31T23:59:59Z'))).toBe(3);
    // From 11 January 2026: the first placement ended on the 10th, the second is in progress.
    expect(placementsDuring(periods, at('2026-01-11T00:00:00Z'), at('2026-10-31T23:59:59Z'))).toBe(2);
    // A new period of care is a new placement; short-break time has none.
    const more = read([started('2025-06-01', 'L1', 'C2'), started('2026-02-01', 'L2', 'C2'), started('2026-05-01', 'L3', 'V3')]);
    expect(placementsDuring(more, at('2025-11-01T00:00:00Z'), at('2026-10-31T23:59:59Z'))).toBe(2);
  });
});
