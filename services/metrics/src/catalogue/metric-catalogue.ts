import type { MetricDefinition } from './metric-definition';

const PERMANENCE = ['E11', 'E12', 'E45', 'E46', 'E47', 'E48', 'E41'];
const SGO = ['E45', 'E46', 'E47', 'E48'];
const ADOPTED = ['E11', 'E12'];
const NOT_SHORT_BREAK = [{ field: 'shortBreak', anyOf: [true] }];
const DOMESTIC_ABUSE = { field: 'factors', containsAny: ['3A', '3B', '3C'] };
const LAC = { starts: { type: 'csc.lac.started' as const, whereNot: NOT_SHORT_BREAK }, ends: ['csc.lac.ended' as const], key: 'periodId' };
const CP = { starts: { type: 'csc.cp-plan.started' as const }, ends: ['csc.cp-plan.ended' as const], key: 'cpPlanId' };

/**
 * The metrics of metrics.md computed so far, one definition each (data, not code). The
 * timeliness and up-to-date metrics need the timescale rules and are listed in docs/metrics.md
 * as still to come.
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
    definition: { kind: 'share', events: { type: 'csc.lac.ended' }, numerator: [{ data: { field: 'reason', anyOf: PERMANENCE } }] } },
  { id: 'lac.ceased-sgo', title: 'Ceased due to a special guardianship order', unit: 'percent', shape: 'flow', polarity: 'high',
    definition: { kind: 'share', events: { type: 'csc.lac.ended' }, numerator: [{ data: { field: 'reason', anyOf: SGO } }] } },
  { id: 'lac.adopted', title: 'Ceased through adoption', unit: 'percent', shape: 'flow', polarity: 'high',
    definition: { kind: 'share', events: { type: 'csc.lac.ended' }, numerator: [{ data: { field: 'reason', anyOf: ADOPTED } }] } },
  { id: 'lac.uasc', title: 'Unaccompanied asylum-seeking children looked after', unit: 'count', shape: 'snapshot', polarity: 'info',
    definition: { kind: 'open', starts: { type: 'csc.lac.started', where: [{ field: 'uasc', anyOf: [true] }], whereNot: NOT_SHORT_BREAK }, ends: ['csc.lac.ended'], key: 'periodId', distinct: 'subject' } },
  { id: 'missing.episodes', title: 'Missing episodes', unit: 'count', shape: 'flow', polarity: 'info',
    definition: { kind: 'count', events: { type: 'csc.missing.started' } } },
  { id: 'referrals.repeat-12m', title: 'Re-referrals within 12 months', unit: 'percent', shape: 'flow', polarity: 'low',
    definition: { kind: 'share', events: { type: 'csc.referral.received' }, numerator: [{ prior: 'csc.referral.received', withinDays: 365 }] } },
  { id: 'referrals.domestic-abuse', title: 'Referrals with domestic abuse identified', unit: 'percent', shape: 'flow', polarity: 'info',
    definition: { kind: 'share', events: { type: 'csc.referral.received' },
      numerator: [{ data: DOMESTIC_ABUSE }, { later: 'csc.assessment.completed', data: DOMESTIC_ABUSE }] } },
  { id: 'assessments.avg-working-days', title: 'Average working days to complete an assessment', unit: 'days', shape: 'average', polarity: 'low',
    definition: { kind: 'interval', select: { type: 'csc.assessment.completed' }, from: { type: 'csc.referral.received' }, measure: 'working-days', aggregate: 'average' } },
  { id: 'cp.repeat', title: 'CP plans started that are a second or later plan', unit: 'percent', shape: 'flow', polarity: 'low',
    definition: { kind: 'share', events: { type: 'csc.cp-plan.started' }, numerator: [{ prior: 'csc.cp-plan.started' }] } },
  { id: 'cp.ended-2y-plus', title: 'CP plans ended that lasted 2 years or more', unit: 'percent', shape: 'flow', polarity: 'low',
    definition: { kind: 'interval', select: { type: 'csc.cp-plan.ended' }, from: { type: 'csc.cp-plan.started', key: 'cpPlanId' }, measure: 'days', aggregate: { atLeastYears: 2 } } },
  { id: 'cp.avg-duration-days', title: 'Average length of CP plans ended', unit: 'days', shape: 'average', polarity: 'info',
    definition: { kind: 'interval', select: { type: 'csc.cp-plan.ended' }, from: { type: 'csc.cp-plan.started', key: 'cpPlanId' }, measure: 'days', aggregate: 'average' } },
  { id: 'lac.placements-3plus', title: 'Looked-after children with 3 or more placements in 12 months', unit: 'percent', shape: 'snapshot', polarity: 'low',
    definition: { kind: 'open', ...LAC, distinct: 'subject', shareWith: { events: ['csc.lac.started', 'csc.lac.placement-changed'], withinDays: 365, atLeast: 3 } } },
  { id: 'lac.dual-status', title: 'Children both looked after and on a CP plan', unit: 'count', shape: 'snapshot', polarity: 'low',
    definition: { kind: 'open', ...LAC, distinct: 'subject', alsoOpen: CP } },
  { id: 'care-leavers.in-touch', title: 'Care leavers in touch', unit: 'percent', shape: 'snapshot', polarity: 'high',
    definition: { kind: 'latest', events: 'csc.care-leaver.contact-recorded', field: 'inTouch' } },
  { id: 'care-leavers.suitable-accommodation', title: 'Care leavers in suitable accommodation', unit: 'percent', shape: 'snapshot', polarity: 'high',
    definition: { kind: 'latest', events: 'csc.care-leaver.contact-recorded', field: 'suitableAccommodation' } },
  { id: 'care-leavers.eet', title: 'Care leavers in education, employment or training', unit: 'percent', shape: 'snapshot', polarity: 'high',
    definition: { kind: 'latest', events: 'csc.care-leaver.contact-recorded', field: 'eet' } },
  { id: 'plo.over-26-weeks', title: 'Children in PLO for more than 26 weeks', unit: 'count', shape: 'snapshot', polarity: 'low',
    definition: { kind: 'open', starts: { type: 'csc.plo.started' }, ends: ['csc.plo.ended'], key: 'ploId', distinct: 'subject', minAgeDays: 182 } },
  { id: 'caseload.average', title: 'Average caseload per allocated worker', unit: 'count', shape: 'snapshot', polarity: 'range',
    definition: { kind: 'caseload', aggregate: 'average' } },
  { id: 'caseload.max', title: 'Highest caseload', unit: 'count', shape: 'snapshot', polarity: 'low',
    definition: { kind: 'caseload', aggregate: 'max' } },
  { id: 'adoption.a1-days', title: 'Days from entering care to moving in with adopters (average)', unit: 'days', shape: 'average', polarity: 'low',
    definition: { kind: 'interval', select: { type: 'csc.lac.ended', where: [{ field: 'reason', anyOf: ADOPTED }] },
      from: { type: 'csc.lac.started', key: 'periodId' }, to: { type: 'csc.adoption.placed', key: 'periodId' }, measure: 'days', aggregate: 'average' } },
  { id: 'adoption.a2-days', title: 'Days from placement order to match (average)', unit: 'days', shape: 'average', polarity: 'low',
    definition: { kind: 'interval', select: { type: 'csc.adoption.matched' }, from: { type: 'csc.adoption.placement-order-granted', key: 'periodId' },
      measure: 'days', aggregate: 'average' } },
  { id: 'plo.children', title: 'Children in pre-proceedings (PLO)', unit: 'count', shape: 'snapshot', polarity: 'info',
    definition: { kind: 'open', starts: { type: 'csc.plo.started' }, ends: ['csc.plo.ended'], key: 'ploId', distinct: 'subject' } },
];

export const METRICS_BY_ID = new Map(METRIC_CATALOGUE.map((m) => [m.id, m]));
