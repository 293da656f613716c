import type { CaseEvent } from '@casewatch/contracts';
import { prepareEvents, readCare } from '@casewatch/timescales';
import { METRICS_BY_ID } from '../catalogue/metric-catalogue';
import type { CareDefinition } from '../catalogue/metric-definition';
import { careFigure, careRowOf, careWindow } from './care-rows';

// Hand-computed figures for October 2026 (and fy2026 for the flows), one child at a time.
let n = 0;
const ev = (type: string, time: string, data: Record<string, unknown>): CaseEvent =>
  ({ specversion: '1.0', id: `e${++n}`, source: 'urn:test', type, time, subject: 'C1', tenant: 't', data }) as CaseEvent;
const started = (date: string, periodId: string, legalStatus: string, extra: Record<string, unknown> = {}) =>
  ev('csc.lac.started', date, { periodId, legalStatus, placementType: 'U1', ...extra });
const status = (date: string, periodId: string, legalStatus: string) => ev('csc.lac.legal-status-changed', date, { periodId, legalStatus });
const moved = (date: string, periodId: string) => ev('csc.lac.placement-changed', date, { periodId, placementType: 'U3' });
const ended = (date: string, periodId: string, reason: string) => ev('csc.lac.ended', date, { periodId, reason });

const def = (id: string) => METRICS_BY_ID.get(id)?.definition as CareDefinition;
/** The child's row for a metric and period: [date, counted], or undefined when not in it. */
const row = (id: string, events: CaseEvent[], first = '2026-10-01', last = '2026-10-31') => {
  const d = def(id);
  const r = careRowOf(d, 'C1', readCare(prepareEvents(events, 8.64e15, undefined)), careWindow(d, first, last));
  return r && [r.day, r.counted];
};

describe('looked-after figures per child', () => {
  it('a period starting as a short break (V3) counts in the snapshots from its change to C2, never as a start', () => {
    const events = [started('2026-09-10', 'L1', 'V3'), status('2026-10-12', 'L1', 'C2')];
    expect(row('lac.children', events, '2026-09-01', '2026-09-30')).toBeUndefined();
    expect(row('lac.children', events)).toEqual(['2026-10-12', true]);
    expect(row('lac.started', events, '2026-04-01', '2027-03-31')).toBeUndefined();
    // shortBreak: true with V3, the way senders have sent it, reads the same.
    expect(row('lac.children', [started('2026-09-10', 'L1', 'V3', { shortBreak: true })])).toBeUndefined();
  });

  it('a child who ceases twice in the period counts once, the last ending deciding the reason', () => {
    const events = [started('2026-01-05', 'L1', 'C2'), ended('2026-10-05', 'L1', 'E11'), started('2026-10-10', 'L2', 'C2'), ended('2026-10-20', 'L2', 'E13')];
    expect(row('lac.ceased', events)).toEqual(['2026-10-20', true]);
    expect(row('lac.adopted', events)).toEqual(['2026-10-20', false]);
    expect(row('lac.ceased-permanence', events)).toEqual(['2026-10-20', false]);
    // … and started once in the year (the first start in it).
    expect(row('lac.started', events, '2026-04-01', '2027-03-31')).toEqual(['2026-10-10', true]);
    expect(row('lac.started', events, '2025-04-01', '2026-03-31')).toEqual(['2026-01-05', true]);
  });

  it('an ending under a short-break status is not a ceasing', () => {
    const events = [started('2026-01-05', 'L1', 'C2'), status('2026-09-01', 'L1', 'V4'), ended('2026-10-15', 'L1', 'E45')];
    expect(row('lac.ceased', events)).toBeUndefined();
    expect(row('lac.ceased-sgo', events)).toBeUndefined();
    expect(row('lac.children', events, '2026-09-01', '2026-09-30')).toBeUndefined();
    expect(row('lac.ceased-sgo', [started('2026-01-05', 'L1', 'C2'), ended('2026-10-15', 'L1', 'E44')])).toEqual(['2026-10-15', true]);
  });

  it('a start inside an open period closes it without a ceasing', () => {
    const events = [started('2026-01-05', 'L1', 'C2'), started('2026-10-07', 'L2', 'C2', { uasc: true })];
    expect(row('lac.ceased', events)).toBeUndefined();
    expect(row('lac.started', events)).toEqual(['2026-10-07', true]);
    expect(row('lac.children', events)).toEqual(['2026-10-07', true]);
    expect(row('lac.uasc', events)).toEqual(['2026-10-07', true]);
    expect(row('lac.uasc', events, '2026-09-01', '2026-09-30')).toBeUndefined();
  });

  it('a startInferred start counts in the snapshots from its date, never in lac.started', () => {
    const events = [started('2026-10-03', 'L1', 'C2', { startInferred: true })];
    expect(row('lac.started', events)).toBeUndefined();
    expect(row('lac.children', events)).toEqual(['2026-10-03', true]);
  });

  it('placements-3plus counts the placement in progress when the 12 months begin; a change of legal status is not a placement', () => {
    const inProgress = [started('2025-06-01', 'L1', 'C2'), moved('2026-01-10', 'L1'), moved('2026-06-01', 'L1')];
    expect(row('lac.placements-3plus', inProgress)).toEqual(['2025-06-01', true]);
    const statusOnly = [started('2025-12-01', 'L1', 'C1'), status('2026-02-01', 'L1', 'C2'), moved('2026-06-01', 'L1')];
    expect(row('lac.placements-3plus', statusOnly)).toEqual(['2025-12-01', false]);
    // A placement that ended before the 12 months began is not one of them.
    const before = [started('2025-06-01', 'L1', 'C2'), moved('2025-10-15', 'L1'), moved('2026-06-01', 'L1')];
    expect(row('lac.placements-3plus', before)).toEqual(['2025-06-01', false]);
  });

  it('gives figures and cases from the rows: children once, shares over the ceased', () => {
    const rows = [
      { subject: 'B', day: '2026-10-20', counted: true, scopeAt: 0, teamId: null, workerId: null },
      { subject: 'A', day: '2026-10-20', counted: true, scopeAt: 0, teamId: null, workerId: null },
      { subject: 'C', day: '2026-10-02', counted: false, scopeAt: 0, teamId: null, workerId: null },
    ];
    expect(careFigure(rows)).toEqual({
      numerator: 2,
      denominator: 3,
      cases: [
        { subject: 'A', dates: ['2026-10-20'] },
        { subject: 'B', dates: ['2026-10-20'] },
      ],
    });
  });
});
