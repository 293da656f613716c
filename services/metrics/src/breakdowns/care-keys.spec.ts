import type { CaseEvent } from '@casewatch/contracts';
import { CARE_EVENT_TYPES } from '@casewatch/timescales';
import { METRICS_BY_ID } from '../catalogue/metric-catalogue';
import type { CareDefinition } from '../catalogue/metric-definition';
import { careWindow } from '../figures/care-rows';
import { type CareKey, careKeyOfChild } from './child-keys';

// A breakdown by a care key reads only the child's care events (BreakdownStore.careEvents); before,
// it read all of them. Hand-made histories where other events share instants with care events.
let n = 0;
const ev = (type: string, time: string, data: Record<string, unknown>, recordedtime?: string): CaseEvent =>
  ({
    specversion: '1.0',
    id: `e${++n}`,
    source: 'urn:test',
    type,
    time,
    subject: 'C1',
    tenant: 't',
    data,
    ...(recordedtime ? { recordedtime } : {}),
  }) as CaseEvent;

const def = (id: string) => METRICS_BY_ID.get(id)?.definition as CareDefinition;
const careOnly = (events: CaseEvent[]) => events.filter((e) => (CARE_EVENT_TYPES as readonly string[]).includes(e.type));
const keys: CareKey[] = ['legalStatus', 'placementType', 'reason', 'uasc'];

const history = [
  ev('csc.child.details-recorded', '2025-01-01T09:00:00Z', { birthDate: '2012-05-01' }),
  ev('csc.worker.allocated', '2026-01-05T10:00:00Z', { workerId: 'W1', teamId: 'T1' }),
  ev('csc.lac.started', '2026-01-05T10:00:00Z', { periodId: 'L1', legalStatus: 'V2', placementType: 'U6', uasc: true }),
  ev('csc.visit.completed', '2026-03-01T10:00:00Z', { visitId: 'V1' }),
  // A status and a placement changed at one instant, with a visit between them in arrival order.
  ev('csc.lac.legal-status-changed', '2026-06-10T12:00:00Z', { periodId: 'L1', legalStatus: 'C2' }, '2026-06-11T08:00:00Z'),
  ev('csc.visit.completed', '2026-06-10T12:00:00Z', { visitId: 'V2' }, '2026-06-10T13:00:00Z'),
  ev('csc.lac.placement-changed', '2026-06-10T12:00:00Z', { periodId: 'L1', placementType: 'K2' }, '2026-06-10T12:30:00Z'),
  ev('csc.lac.ended', '2026-09-30T16:00:00Z', { periodId: 'L1', reason: 'E13' }),
  ev('csc.worker.unallocated', '2026-09-30T16:00:00Z', {}),
  // A second period, a short break then C1, still open.
  ev('csc.lac.started', '2026-10-02T09:00:00Z', { periodId: 'L2', legalStatus: 'V3', placementType: 'U4' }),
  ev('csc.review.completed', '2026-10-02T09:00:00Z', { reviewId: 'R1' }),
  ev('csc.lac.legal-status-changed', '2026-10-20T09:00:00Z', { periodId: 'L2', legalStatus: 'C1' }),
];

describe('a looked-after child keyed from its care events alone', () => {
  const cases: [string, string, string][] = [
    ['lac.children', '2026-07-01', '2026-07-31'],
    ['lac.children', '2026-10-01', '2026-10-31'],
    ['lac.started', '2025-04-01', '2026-03-31'],
    ['lac.ceased', '2026-04-01', '2027-03-31'],
  ];

  it('gives each key as all its events give it', () => {
    for (const [id, first, last] of cases) {
      const w = careWindow(def(id), first, last);
      for (const key of keys) {
        const all = careKeyOfChild(def(id), key, history, w);
        expect([id, first, key, careKeyOfChild(def(id), key, careOnly(history), w)]).toEqual([id, first, key, all]);
      }
    }
  });

  it('hand-computed: the status and placement in force, the reason, uasc', () => {
    const of = (id: string, first: string, last: string) =>
      Object.fromEntries(keys.map((k) => [k, careKeyOfChild(def(id), k, careOnly(history), careWindow(def(id), first, last))]));
    expect(of('lac.children', '2026-07-01', '2026-07-31')).toEqual({ legalStatus: 'C2', placementType: 'K2', reason: 'E13', uasc: 'yes' });
    expect(of('lac.children', '2026-10-01', '2026-10-31')).toEqual({ legalStatus: 'C1', placementType: 'U4', reason: 'unknown', uasc: 'no' });
    expect(of('lac.started', '2025-04-01', '2026-03-31')).toEqual({ legalStatus: 'V2', placementType: 'U6', reason: 'E13', uasc: 'yes' });
    expect(of('lac.ceased', '2026-04-01', '2027-03-31')).toEqual({ legalStatus: 'C2', placementType: 'K2', reason: 'E13', uasc: 'yes' });
  });

  it('a child not in the figure is an error, not a key', () => {
    expect(() => careKeyOfChild(def('lac.children'), 'legalStatus', careOnly(history), careWindow(def('lac.children'), '2025-11-01', '2025-11-30'))).toThrow(
      /is in looked-after but its care says otherwise/,
    );
  });
});
