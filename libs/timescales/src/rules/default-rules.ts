// The default rules of timescales.md, as data: one definition per rule (England; `wales` says what
// differs). The engine knows no rule by name.
import type { Limit } from '../limits';
import type { RuleDefinition, RuleMatcher } from './types';

const wd = (n: number): Limit => ({ n, unit: 'working-days' });
const months = (n: number): Limit => ({ n, unit: 'months' });

// Short breaks (legal status V3/V4, or `shortBreak` from a sender without one) open no
// looked-after rule. A period that becomes C2 later opens none at the change: a change of status
// cannot tell the engine what the status was before (docs/alerting.md).
const LAC_STARTED: RuleMatcher = { type: 'csc.lac.started', unlessShortBreak: true };
// Plan rules follow the child's open plan; a plan's end cancels only its own clocks where both
// events name the plan, so one plan ending the day another starts leaves the new one running.
const LAC_ENDED: RuleMatcher = { type: 'csc.lac.ended', sameAs: ['periodId'], loose: true };
const CP_PLAN_ENDED: RuleMatcher = { type: 'csc.cp-plan.ended', sameAs: ['cpPlanId'], loose: true };

export const DEFAULT_RULES: readonly RuleDefinition[] = [
  {
    id: 'contact-decision',
    title: 'Contact decision',
    starts: [{ type: 'csc.contact.received' }],
    completes: [{ type: 'csc.contact.decided', sameAs: ['contactId'] }],
    startPolicy: 'parallel',
    key: ['contactId'],
    limit: wd(1),
  },
  {
    id: 'assessment',
    title: 'Assessment',
    starts: [{ type: 'csc.referral.received' }],
    // An assessment started for the referral; one started for no referral is "the child's next".
    completes: [
      {
        type: 'csc.assessment.completed',
        sameAs: ['referralId'],
        via: { type: 'csc.assessment.started', by: 'assessmentId' },
      },
    ],
    cancels: [{ type: 'csc.referral.closed', sameAs: ['referralId'] }],
    startPolicy: 'parallel',
    key: ['referralId'],
    limit: wd(45),
    wales: { limit: wd(42) },
  },
  {
    id: 'icpc',
    title: 'Initial child protection conference',
    // The latest strategy discussion that initiated s47 starts the clock (restart).
    starts: [{ type: 'csc.strategy-discussion.held', where: { outcome: 's47' } }],
    completes: [{ type: 'csc.icpc.held' }],
    cancels: [{ type: 'csc.s47.completed', whereNot: { outcome: 'icpc' } }],
    startPolicy: 'restart',
    limit: wd(15),
  },
  {
    id: 'cp-visit',
    title: 'Child protection visit',
    starts: [{ type: 'csc.cp-plan.started' }],
    completes: [{ type: 'csc.visit.completed', where: { kind: 'cp', seen: true } }],
    cancels: [CP_PLAN_ENDED],
    startPolicy: 'restart',
    limit: wd(10),
    recurring: true,
    allowVirtual: false,
  },
  {
    id: 'cp-review',
    title: 'Child protection review conference',
    starts: [{ type: 'csc.icpc.held', where: { outcome: 'cp-plan' } }],
    completes: [{ type: 'csc.cp-review.held' }],
    cancels: [CP_PLAN_ENDED],
    startPolicy: 'restart',
    limit: [months(3), months(6)],
    recurring: true,
  },
  {
    id: 'cin-visit',
    title: 'Child in need visit',
    starts: [{ type: 'csc.cin-plan.started' }],
    completes: [{ type: 'csc.visit.completed', where: { kind: 'cin', seen: true } }],
    cancels: [{ type: 'csc.cin-plan.ended', sameAs: ['cinPlanId'], loose: true }],
    startPolicy: 'restart',
    limit: wd(20),
    recurring: true,
    // Not a statutory visit (a local standard): virtual visits count unless the tenant says not.
    allowVirtual: true,
  },
  {
    id: 'lac-visit',
    title: 'Looked-after child visit',
    reference: 'reg 28',
    starts: [LAC_STARTED, { type: 'csc.lac.placement-changed', restartOnly: true }],
    completes: [{ type: 'csc.visit.completed', where: { kind: 'lac', seen: true } }],
    cancels: [LAC_ENDED],
    startPolicy: 'restart',
    limit: [
      { n: 7, unit: 'days' },
      { n: 6, unit: 'weeks' },
    ],
    longStay: { after: months(12), whenTrue: 'intendedToEighteen', limit: months(3) },
    recurring: true,
    allowVirtual: false,
    wales: { reference: 'reg 31' },
  },
  {
    id: 'lac-review',
    title: 'Looked-after child review',
    starts: [LAC_STARTED],
    completes: [{ type: 'csc.lac-review.held' }],
    cancels: [LAC_ENDED],
    startPolicy: 'restart',
    limit: [wd(20), months(3), months(6)],
    recurring: true,
  },
  {
    id: 'initial-health-assessment',
    title: 'Initial health assessment',
    starts: [LAC_STARTED],
    completes: [{ type: 'csc.health-assessment.completed', where: { kind: 'initial' } }],
    cancels: [LAC_ENDED],
    startPolicy: 'restart',
    limit: wd(20),
  },
  {
    id: 'pep',
    title: 'Personal education plan',
    starts: [LAC_STARTED],
    completes: [{ type: 'csc.pep.completed' }],
    cancels: [LAC_ENDED],
    startPolicy: 'restart',
    limit: [wd(20), months(6)],
    recurring: true,
  },
  {
    id: 'return-interview',
    title: 'Return home interview',
    starts: [{ type: 'csc.missing.ended' }],
    completes: [{ type: 'csc.return-interview.completed', sameAs: ['missingId'] }],
    startPolicy: 'parallel',
    key: ['missingId'],
    limit: { n: 72, unit: 'hours' },
    // Wales follows the All Wales Protocol (debriefs), not the English 72-hour interview.
    wales: { enabled: false },
  },
];

/** What started a clock, in words for `explain` ("6 weeks after the visit on …"). */
export const ANCHOR_LABELS: Readonly<Record<string, string>> = {
  'csc.contact.received': 'contact',
  'csc.referral.received': 'referral',
  'csc.strategy-discussion.held': 'strategy discussion',
  'csc.icpc.held': 'initial child protection conference',
  'csc.cp-plan.started': 'start of the child protection plan',
  'csc.cp-review.held': 'review conference',
  'csc.cin-plan.started': 'start of the child in need plan',
  'csc.visit.completed': 'visit',
  'csc.lac.started': 'start of the period of care',
  'csc.lac.placement-changed': 'start of the placement',
  'csc.lac-review.held': 'review',
  'csc.health-assessment.completed': 'health assessment',
  'csc.pep.completed': 'personal education plan',
  'csc.missing.ended': 'return from the missing episode',
  'csc.return-interview.completed': 'return interview',
  'csc.worker.allocated': 'allocation',
  'csc.assessment.completed': 'assessment',
};

/** `csc.plo.started` → "plo started", for types without a label. */
export function anchorLabelOf(type: string): string {
  return ANCHOR_LABELS[type] ?? type.replace(/^csc\./, '').replace(/[.-]/g, ' ');
}
