/**
 * What each catalogue metric counts, as metrics.md defines it, for the metric page. The API gives
 * titles, units and polarity; the definitions are the catalogue's words (data, not logic).
 */
export interface MetricDefinition {
  shape: 'flow' | 'snapshot' | 'timeliness' | 'up-to-date' | 'average';
  definition: string;
}

export const SHAPE_TEXT: Record<MetricDefinition['shape'], string> = {
  snapshot: 'The state at the end of the period (for the current period, now).',
  flow: 'Events whose practice date falls in the period.',
  timeliness: 'Of the items completed in the period, the percentage completed within their limit.',
  'up-to-date': 'Of the children in scope at the end of the period, the percentage with no overdue deadline of that rule.',
  average: 'The mean over the items completed in the period.',
};

export const DEFINITIONS: Record<string, MetricDefinition> = {
  'contacts.received': { shape: 'flow', definition: 'contact.received' },
  'contacts.decided-1wd': { shape: 'timeliness', definition: 'contact-decision rule' },
  'contacts.awaiting-decision': { shape: 'snapshot', definition: 'received, not decided' },
  'referrals.received': { shape: 'flow', definition: 'referral.received' },
  'referrals.repeat-12m': { shape: 'flow', definition: 'referrals in period whose child had another referral in the 12 months before' },
  'referrals.domestic-abuse': { shape: 'flow', definition: 'referrals in period with factor 3A, 3B or 3C on the referral or its assessment' },
  'referrals.awaiting-allocation': { shape: 'snapshot', definition: 'open referral and no allocated worker' },
  'cin.children': { shape: 'snapshot', definition: 'children with an open referral (episode of need); includes CP and LAC' },
  'cin.rate10k': { shape: 'snapshot', definition: 'cin.children / population' },
  'assessments.completed': { shape: 'flow', definition: 'assessment.completed' },
  'assessments.within-45wd': { shape: 'timeliness', definition: 'assessment rule (45 working days; 42 in Wales)' },
  'assessments.overdue': { shape: 'snapshot', definition: 'open assessment deadlines in state overdue' },
  'assessments.avg-working-days': { shape: 'average', definition: 'referral date → authorisation, in working days' },
  's47.started': { shape: 'flow', definition: 's47.started' },
  'icpc.within-15wd': { shape: 'timeliness', definition: 'icpc rule' },
  'cp.children': { shape: 'snapshot', definition: 'open cp plans, by child' },
  'cp.rate10k': { shape: 'snapshot', definition: '' },
  'cp.started': { shape: 'flow', definition: '' },
  'cp.ended': { shape: 'flow', definition: '' },
  'cp.repeat': { shape: 'flow', definition: 'child had an earlier cp plan (any time)' },
  'cp.ended-2y-plus': { shape: 'flow', definition: '' },
  'cp.avg-duration-days': { shape: 'average', definition: 'end date minus start date, in calendar days' },
  'cp.visits-up-to-date': { shape: 'up-to-date', definition: 'cp-visit rule' },
  'lac.children': { shape: 'snapshot', definition: 'open periods of care, excluding short breaks' },
  'lac.rate10k': { shape: 'snapshot', definition: '' },
  'lac.started': { shape: 'flow', definition: 'children with a lac.started (period of care) in the period, not a short break, not startInferred' },
  'lac.ceased': { shape: 'flow', definition: 'children with a lac.ended in the period, not a short break at the ending' },
  'lac.ceased-permanence': {
    shape: 'flow',
    definition: 'of lac.ceased: reason adopted (E11, E12), special guardianship order (E43–E48) or child arrangements / residence order (E41)',
  },
  'lac.ceased-sgo': { shape: 'flow', definition: 'of lac.ceased: reason E43–E48 (E43, E44 are the codes used before 2015)' },
  'lac.adopted': { shape: 'flow', definition: 'of lac.ceased: reason E11, E12' },
  'lac.reviews-in-time': { shape: 'timeliness', definition: 'lac-review rule' },
  'lac.visits-up-to-date': { shape: 'up-to-date', definition: 'lac-visit rule' },
  'lac.iha-20wd': { shape: 'timeliness', definition: 'initial-health-assessment rule' },
  'lac.health-up-to-date': {
    shape: 'up-to-date',
    definition: 'looked after 20 working days or more; last assessment within 6 months (under 5) or 12 months; age needs a date of birth, else 12 months',
  },
  'lac.dental-up-to-date': { shape: 'up-to-date', definition: 'looked after 20 working days or more' },
  'lac.pep-up-to-date': { shape: 'up-to-date', definition: 'pep rule' },
  'lac.placements-3plus': {
    shape: 'snapshot',
    definition:
      'of lac.children at period end, those with 3 or more placements during the 12 months to period end (DfE stability indicator): the placement in progress when the 12 months begin counts, and so does each later one (a new period of care, or a placement change); a legal-status change alone is not a new placement',
  },
  'lac.uasc': { shape: 'snapshot', definition: '' },
  'lac.dual-status': { shape: 'snapshot', definition: '' },
  'missing.episodes': { shape: 'flow', definition: 'missing.started' },
  'missing.rhi-72h': { shape: 'timeliness', definition: 'return-interview rule' },
  'care-leavers.in-touch': { shape: 'snapshot', definition: 'latest contact-recorded per care leaver' },
  'care-leavers.suitable-accommodation': { shape: 'snapshot', definition: '' },
  'care-leavers.eet': { shape: 'snapshot', definition: '' },
  'plo.children': { shape: 'snapshot', definition: '' },
  'plo.over-26-weeks': { shape: 'snapshot', definition: '' },
  'caseload.average': { shape: 'snapshot', definition: 'children allocated / workers with at least one child (default band 14–20)' },
  'caseload.max': { shape: 'snapshot', definition: '' },
  'adoption.a1-days': { shape: 'average', definition: 'adoptions (lac.ended E11/E12) in period: lac.started → adoption.placed' },
  'adoption.a2-days': { shape: 'average', definition: 'adoption.placement-order-granted → adoption.matched' },
};
