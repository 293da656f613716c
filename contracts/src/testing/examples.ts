import type { CaseEventOf, EventType } from '../events/catalogue';

// One valid event per catalogue type, for tests here and in other projects (spread and override
// what a test needs). Deep-frozen so one test cannot change another's fixture.

type ExampleEvents = { readonly [K in EventType]: CaseEventOf<K> };

function example<K extends EventType>(type: K, id: string, time: string, data: CaseEventOf<K>['data']): CaseEventOf<K> {
  return {
    specversion: '1.0',
    id,
    source: 'urn:la:372:lcs',
    type,
    time,
    subject: 'C1029384',
    tenant: 'demo',
    data,
  };
}

const examples: ExampleEvents = {
  'csc.child.details-recorded': example('csc.child.details-recorded', 'ex-0001', '2026-01-05', {
    birthDate: '2014-03',
    sex: 'F',
    ethnicity: 'WBRI',
    disability: false,
  }),
  'csc.contact.received': example('csc.contact.received', 'ex-0002', '2026-01-05T09:30:00Z', {
    contactId: 'CT-1001',
    source: '1A',
  }),
  'csc.contact.decided': example('csc.contact.decided', 'ex-0003', '2026-01-06T11:00:00Z', {
    contactId: 'CT-1001',
    outcome: 'referral',
  }),
  'csc.referral.received': example('csc.referral.received', 'ex-0004', '2026-01-06T11:05:00Z', {
    referralId: 'R-2001',
    source: '3A',
    primaryNeed: 'N1',
    factors: ['3A', '4A'],
    teamId: 'T4',
  }),
  'csc.referral.closed': example('csc.referral.closed', 'ex-0005', '2026-09-30', {
    referralId: 'R-2001',
    reason: 'RC4',
  }),
  'csc.worker.allocated': example('csc.worker.allocated', 'ex-0006', '2026-01-07T10:00:00Z', {
    workerId: 'SW12',
    teamId: 'T4',
  }),
  'csc.worker.unallocated': example('csc.worker.unallocated', 'ex-0007', '2026-09-30T17:00:00+01:00', {
    workerId: 'SW12',
  }),
  'csc.assessment.started': example('csc.assessment.started', 'ex-0008', '2026-01-07T10:30:00Z', {
    assessmentId: 'A-3001',
    referralId: 'R-2001',
  }),
  'csc.assessment.completed': example('csc.assessment.completed', 'ex-0009', '2026-02-20T15:00:00Z', {
    assessmentId: 'A-3001',
    factors: ['3A'],
    outcome: 'cp',
  }),
  'csc.strategy-discussion.held': example('csc.strategy-discussion.held', 'ex-0010', '2026-01-08T14:00:00Z', {
    strategyId: 'SD-4001',
    outcome: 's47',
  }),
  'csc.s47.started': example('csc.s47.started', 'ex-0011', '2026-01-08T15:00:00Z', {
    s47Id: 'S47-5001',
    strategyId: 'SD-4001',
  }),
  'csc.s47.completed': example('csc.s47.completed', 'ex-0012', '2026-01-20T12:00:00Z', {
    s47Id: 'S47-5001',
    outcome: 'icpc',
  }),
  'csc.icpc.held': example('csc.icpc.held', 'ex-0013', '2026-01-28T10:00:00Z', {
    conferenceId: 'ICPC-6001',
    s47Id: 'S47-5001',
    outcome: 'cp-plan',
  }),
  'csc.cp-plan.started': example('csc.cp-plan.started', 'ex-0014', '2026-01-28T11:00:00Z', {
    cpPlanId: 'CP-7001',
    category: 'NEG',
  }),
  'csc.cp-review.held': example('csc.cp-review.held', 'ex-0015', '2026-04-27T10:00:00+01:00', {
    cpPlanId: 'CP-7001',
    outcome: 'continue',
  }),
  'csc.cp-plan.ended': example('csc.cp-plan.ended', 'ex-0016', '2026-10-26', { cpPlanId: 'CP-7001' }),
  'csc.cin-plan.started': example('csc.cin-plan.started', 'ex-0017', '2026-10-26', { cinPlanId: 'CIN-8001' }),
  'csc.cin-plan.ended': example('csc.cin-plan.ended', 'ex-0018', '2026-11-02', { cinPlanId: 'CIN-8001' }),
  'csc.lac.started': example('csc.lac.started', 'ex-0019', '2026-03-02T16:00:00Z', {
    periodId: 'P-9001',
    legalStatus: 'C2',
    placementType: 'U1',
    provider: 'PR1',
    uasc: false,
    shortBreak: false,
  }),
  'csc.lac.placement-changed': example('csc.lac.placement-changed', 'ex-0020', '2026-06-15T12:00:00+01:00', {
    periodId: 'P-9001',
    placementType: 'K2',
    provider: 'PR4',
    reason: 'CARPL',
    intendedToEighteen: true,
  }),
  'csc.lac.legal-status-changed': example('csc.lac.legal-status-changed', 'ex-0021', '2026-05-01', {
    periodId: 'P-9001',
    legalStatus: 'C1',
  }),
  'csc.lac.ended': example('csc.lac.ended', 'ex-0022', '2026-11-10T09:00:00Z', { periodId: 'P-9001', reason: 'E13' }),
  'csc.lac-review.held': example('csc.lac-review.held', 'ex-0023', '2026-03-27T10:00:00Z', { periodId: 'P-9001' }),
  'csc.health-assessment.completed': example('csc.health-assessment.completed', 'ex-0024', '2026-03-20', {
    kind: 'initial',
  }),
  'csc.dental-check.completed': example('csc.dental-check.completed', 'ex-0025', '2026-04-14', {}),
  'csc.pep.completed': example('csc.pep.completed', 'ex-0026', '2026-03-25', { workerId: 'SW12' }),
  'csc.visit.completed': {
    ...example('csc.visit.completed', 'lcs-88231907', '2026-11-20T14:05:00Z', {
      visitId: 'V-77812',
      kind: 'cp',
      seen: true,
      seenAlone: true,
    }),
    recordedtime: '2026-11-21T09:12:44Z',
  },
  'csc.missing.started': example('csc.missing.started', 'ex-0028', '2026-07-03T22:15:00+01:00', {
    missingId: 'M-1101',
    kind: 'missing',
  }),
  'csc.missing.ended': example('csc.missing.ended', 'ex-0029', '2026-07-04T08:40:00+01:00', { missingId: 'M-1101' }),
  'csc.return-interview.completed': example('csc.return-interview.completed', 'ex-0030', '2026-07-05T15:00:00+01:00', {
    missingId: 'M-1101',
    accepted: true,
  }),
  'csc.care-leaver.contact-recorded': example('csc.care-leaver.contact-recorded', 'ex-0031', '2026-08-12', {
    inTouch: true,
    suitableAccommodation: true,
    eet: false,
  }),
  'csc.plo.started': example('csc.plo.started', 'ex-0032', '2026-02-02', { ploId: 'PLO-1201' }),
  'csc.plo.ended': example('csc.plo.ended', 'ex-0033', '2026-05-11', { ploId: 'PLO-1201' }),
  'csc.proceedings.issued': example('csc.proceedings.issued', 'ex-0034', '2026-05-12', { proceedingsId: 'PR-1301' }),
  'csc.proceedings.ended': example('csc.proceedings.ended', 'ex-0035', '2026-10-30', { proceedingsId: 'PR-1301' }),
  'csc.adoption.decision-made': example('csc.adoption.decision-made', 'ex-0036', '2026-06-01', { periodId: 'P-9001' }),
  'csc.adoption.placement-order-granted': example('csc.adoption.placement-order-granted', 'ex-0037', '2026-07-20', {
    periodId: 'P-9001',
  }),
  'csc.adoption.matched': example('csc.adoption.matched', 'ex-0038', '2026-09-14', { periodId: 'P-9001' }),
  'csc.adoption.placed': example('csc.adoption.placed', 'ex-0039', '2026-10-05', { periodId: 'P-9001' }),
  'csc.event.retracted': {
    ...example('csc.event.retracted', 'ex-0040', '2026-11-20T14:05:00Z', { id: 'lcs-88231906' }),
    recordedtime: '2026-11-21T09:15:00Z',
  },
};

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** A valid example of every event type, keyed by type. */
export const EXAMPLE_EVENTS: ExampleEvents = deepFreeze(examples);
