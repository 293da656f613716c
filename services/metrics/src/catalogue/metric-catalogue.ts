import type { MetricDefinition } from './metric-definition';

const PERMANENCE = ['E11', 'E12', 'E45', 'E46', 'E47', 'E48', 'E41'];
const SGO = ['E45', 'E46', 'E47', 'E48'];
const ADOPTED = ['E11', 'E12'];
const NOT_SHORT_BREAK = [{ field: 'shortBreak', anyOf: [true] }];

/**
 * The metrics of metrics.md computed so far, one definition each (data, not code). The rest of
 * the catalogue (timeliness, up-to-date, averages, rolling windows, caseloads) is listed in
 * docs/metrics.md as still to come.
 */
export const METRIC_CATALOGUE: readonly MetricDefinition[] = [
  { id: 'contacts.received', title: 'Contacts received', unit: 'count', shape: 'flow', polarity: 'info',
    definition: { kind: 'count', events: { type: 'csc.contact.received' } } },
  { id: 'contacts.awaiting-decision', title: 'Contacts awaiting a decision', unit: 'count', shape: 'snapshot', polarity: 'low',
    definition: { kind: 'open', starts: { type: 'csc.contact.received' }, ends: ['csc.contact.decided'], key: 'contactId', distinct: 'item' } },
  { id: 'referrals.received', title: 'Referrals', unit: 'count', shape: 'flow', polarity: 'info',
    definition: { kind: 'count', events: { type: 'csc.referral.received' } } },
  { id: 'cin.children', title: 'Children in need', unit: 'count', shape: 'snapshot', polarity: 'info',
    definition: { kind: 'open', starts: { type: 'csc.referral.received' }, ends: ['csc.referral.closed'], key: 'referralId', distinct: 'subject' } },
  { id: 'cin.rate10k', title: 'Children in need per 10,000', unit: 'rate10k', shape: 'snapshot', polarity: 'info',
    definition: { kind: 'open', starts: { type: 'csc.referral.received' }, ends: ['csc.referral.closed'], key: 'referralId', distinct: 'subject', per10k: true } },
  { id: 'assessments.completed', title: 'Assessments completed', unit: 'count', shape: 'flow', polarity: 'info',
    definition: { kind: 'count', events: { type: 'csc.assessment.completed' } } },
  { id: 's47.started', title: 'Section 47 enquiries started', unit: 'count', shape: 'flow', polarity: 'info',
    definition: { kind: 'count', events: { type: 'csc.s47.started' } } },
  { id: 'cp.children', title: 'Children on a child protection plan', unit: 'count', shape: 'snapshot', polarity: 'info',
    definition: { kind: 'open', starts: { type: 'csc.cp-plan.started' }, ends: ['csc.cp-plan.ended'], key: 'cpPlanId', distinct: 'subject' } },
  { id: 'cp.rate10k', title: 'Children on a CP plan per 10,000', unit: 'rate10k', shape: 'snapshot', polarity: 'info',
    definition: { kind: 'open', starts: { type: 'csc.cp-plan.started' }, ends: ['csc.cp-plan.ended'], key: 'cpPlanId', distinct: 'subject', per10k: true } },
  { id: 'cp.started', title: 'CP plans started', unit: 'count', shape: 'flow', polarity: 'info',
    definition: { kind: 'count', events: { type: 'csc.cp-plan.started' } } },
  { id: 'cp.ended', title: 'CP plans ended', unit: 'count', shape: 'flow', polarity: 'info',
    definition: { kind: 'count', events: { type: 'csc.cp-plan.ended' } } },
  { id: 'lac.children', title: 'Children looked after', unit: 'count', shape: 'snapshot', polarity: 'info',
    definition: { kind: 'open', starts: { type: 'csc.lac.started', whereNot: NOT_SHORT_BREAK }, ends: ['csc.lac.ended'], key: 'periodId', distinct: 'subject' } },
  { id: 'lac.rate10k', title: 'Children looked after per 10,000', unit: 'rate10k', shape: 'snapshot', polarity: 'low',
    definition: { kind: 'open', starts: { type: 'csc.lac.started', whereNot: NOT_SHORT_BREAK }, ends: ['csc.lac.ended'], key: 'periodId', distinct: 'subject', per10k: true } },
  { id: 'lac.started', title: 'Children who became looked after', unit: 'count', shape: 'flow', polarity: 'info',
    definition: { kind: 'count', events: { type: 'csc.lac.started', whereNot: NOT_SHORT_BREAK } } },
  { id: 'lac.ceased', title: 'Children who ceased to be looked after', unit: 'count', shape: 'flow', polarity: 'info',
    definition: { kind: 'count', events: { type: 'csc.lac.ended' } } },
  { id: 'lac.ceased-permanence', title: 'Ceased due to permanence', unit: 'percent', shape: 'flow', polarity: 'high',
    definition: { kind: 'share', events: { type: 'csc.lac.ended' }, numerator: [{ field: 'reason', anyOf: PERMANENCE }] } },
  { id: 'lac.ceased-sgo', title: 'Ceased due to a special guardianship order', unit: 'percent', shape: 'flow', polarity: 'high',
    definition: { kind: 'share', events: { type: 'csc.lac.ended' }, numerator: [{ field: 'reason', anyOf: SGO }] } },
  { id: 'lac.adopted', title: 'Ceased through adoption', unit: 'percent', shape: 'flow', polarity: 'high',
    definition: { kind: 'share', events: { type: 'csc.lac.ended' }, numerator: [{ field: 'reason', anyOf: ADOPTED }] } },
  { id: 'lac.uasc', title: 'Unaccompanied asylum-seeking children looked after', unit: 'count', shape: 'snapshot', polarity: 'info',
    definition: { kind: 'open', starts: { type: 'csc.lac.started', where: [{ field: 'uasc', anyOf: [true] }], whereNot: NOT_SHORT_BREAK }, ends: ['csc.lac.ended'], key: 'periodId', distinct: 'subject' } },
  { id: 'missing.episodes', title: 'Missing episodes', unit: 'count', shape: 'flow', polarity: 'info',
    definition: { kind: 'count', events: { type: 'csc.missing.started' } } },
  { id: 'plo.children', title: 'Children in pre-proceedings (PLO)', unit: 'count', shape: 'snapshot', polarity: 'info',
    definition: { kind: 'open', starts: { type: 'csc.plo.started' }, ends: ['csc.plo.ended'], key: 'ploId', distinct: 'subject' } },
];

export const METRICS_BY_ID = new Map(METRIC_CATALOGUE.map((m) => [m.id, m]));
