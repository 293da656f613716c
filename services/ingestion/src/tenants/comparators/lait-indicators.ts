/**
 * The DfE indicators a comparators upload maps to Casewatch metrics (docs/comparators.md). Each is
 * a rate, a percentage or an average: a count (England's referrals) means nothing beside one
 * council's. `indicator` is the indicator's wording in LAIT and DfE's children's social care
 * statistics; a file may name it that way, by an alias, or by the metric id itself. Every year
 * of these collections ends on 31 March.
 */
export interface LaitIndicator {
  metricId: string;
  indicator: string;
  aliases: readonly string[];
  /** The DfE statistics the figure is published in. */
  publication: 'Children looked after in England including adoptions' | 'Characteristics of children in need';
}

export const LAIT_INDICATORS: readonly LaitIndicator[] = [
  {
    metricId: 'lac.rate10k',
    indicator: 'Children looked after rate per 10,000 children aged under 18',
    aliases: ['Looked after children rate per 10,000', 'CLA rate per 10,000'],
    publication: 'Children looked after in England including adoptions',
  },
  {
    metricId: 'cin.rate10k',
    indicator: 'Children in need rate per 10,000 children aged under 18',
    aliases: ['Children in need rate per 10,000', 'CIN rate per 10,000'],
    publication: 'Characteristics of children in need',
  },
  {
    metricId: 'cp.rate10k',
    indicator: 'Children who were the subject of a child protection plan rate per 10,000 children aged under 18',
    aliases: ['Child protection plan rate per 10,000', 'CPP rate per 10,000'],
    publication: 'Characteristics of children in need',
  },
  {
    metricId: 'referrals.repeat-12m',
    indicator: 'Re-referrals within 12 months of a previous referral (%)',
    aliases: ['Re-referral rate'],
    publication: 'Characteristics of children in need',
  },
  {
    metricId: 'assessments.within-45wd',
    indicator: 'Assessments completed within 45 working days (%)',
    aliases: [],
    publication: 'Characteristics of children in need',
  },
  {
    metricId: 'icpc.within-15wd',
    indicator: 'Initial child protection conferences held within 15 working days of the start of the section 47 enquiry (%)',
    aliases: ['ICPCs within 15 working days (%)'],
    publication: 'Characteristics of children in need',
  },
  {
    metricId: 'cp.repeat',
    indicator: 'Child protection plans starting during the year which were a second or subsequent plan (%)',
    aliases: ['Second or subsequent child protection plans (%)'],
    publication: 'Characteristics of children in need',
  },
  {
    metricId: 'cp.ended-2y-plus',
    indicator: 'Child protection plans ending during the year which lasted two years or more (%)',
    aliases: ['Child protection plans lasting 2 years or more (%)'],
    publication: 'Characteristics of children in need',
  },
  {
    metricId: 'lac.placements-3plus',
    indicator: 'Children looked after at 31 March with three or more placements during the year (%)',
    aliases: ['Children looked after with 3 or more placements (%)'],
    publication: 'Children looked after in England including adoptions',
  },
  {
    metricId: 'lac.adopted',
    indicator: 'Children who ceased to be looked after during the year because of adoption (%)',
    aliases: ['Ceased to be looked after: adoption (%)'],
    publication: 'Children looked after in England including adoptions',
  },
  {
    metricId: 'lac.ceased-sgo',
    indicator: 'Children who ceased to be looked after during the year because of a special guardianship order (%)',
    aliases: ['Ceased to be looked after: special guardianship order (%)'],
    publication: 'Children looked after in England including adoptions',
  },
  {
    metricId: 'care-leavers.in-touch',
    indicator: 'Care leavers aged 19 to 21 in touch with the local authority (%)',
    aliases: ['Care leavers in touch (%)'],
    publication: 'Children looked after in England including adoptions',
  },
  {
    metricId: 'care-leavers.suitable-accommodation',
    indicator: 'Care leavers aged 19 to 21 in suitable accommodation (%)',
    aliases: ['Care leavers in suitable accommodation (%)'],
    publication: 'Children looked after in England including adoptions',
  },
  {
    metricId: 'care-leavers.eet',
    indicator: 'Care leavers aged 19 to 21 in education, employment or training (%)',
    aliases: ['Care leavers in education, employment or training (%)'],
    publication: 'Children looked after in England including adoptions',
  },
];

/** Letters and digits only, lower case: "Re-referrals … (%)" and "re referrals …" match. */
function key(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

const BY_KEY = new Map<string, LaitIndicator>();
for (const entry of LAIT_INDICATORS) {
  for (const name of [entry.indicator, ...entry.aliases, entry.metricId]) BY_KEY.set(key(name), entry);
}

/** The mapped indicator a file's wording names, or undefined (not one Casewatch maps). */
export function laitIndicator(text: string): LaitIndicator | undefined {
  return BY_KEY.get(key(text));
}
