// A <Child> element → the facts the converter needs, checked: every bad value is a RowProblem.
import type { RowProblem } from '../import-types';
import { ABUSE_CATEGORIES, CLOSURE_REASONS, FACTOR_PATTERN, PRIMARY_NEEDS, REFERRAL_SOURCES, SUBJECT_PATTERN, parseCinDate, fieldWithValue } from './cin-codes';
import type { CinChild, CinElement } from './cin-reader';

export interface CinAssessment {
  start: string;
  authorised?: string;
  factors: string[];
}

export interface CinPlanDates {
  start: string;
  end?: string;
}

export interface CinSection47 {
  start: string;
  icpc?: string;
}

export interface CinCpPlan {
  start: string;
  end?: string;
  category: string;
  reviews: string[];
}

/** One <CINdetails>: an episode of need. Dates are YYYY-MM-DD. */
export interface CinEpisode {
  referralDate: string;
  source?: string;
  primaryNeed?: string;
  closureDate?: string;
  closureReason?: string;
  icpc?: string;
  assessments: CinAssessment[];
  cinPlans: CinPlanDates[];
  section47s: CinSection47[];
  cpPlans: CinCpPlan[];
}

export interface CinChildFacts {
  subject: string;
  birthDate?: string;
  expectedBirthDate?: string;
  episodes: CinEpisode[];
  /** Elements holding text outside their fields (the text itself is never kept). */
  strayTextIn: string[];
}

export interface ParsedCinChild {
  facts: CinChildFacts;
  problems: RowProblem[];
}

type Check = (value: string) => boolean;
// Dates of a person are never repeated in messages, even malformed.
const PERSONAL_DATES = new Set(['PersonBirthDate', 'ExpectedPersonBirthDate']);
const inSet =
  (set: ReadonlySet<string>): Check =>
  (value) =>
    set.has(value);

/** Reads one child's facts; `problems` lists every value that cannot be read. */
export function parseCinChild(child: CinChild, file: string): ParsedCinChild {
  const fields = new FieldReader(file, child.line);
  const ids = first(child.element, 'ChildIdentifiers');
  const subject = ids ? fields.text(ids, 'LAchildID') : undefined;
  if (subject === undefined) {
    fields.problem('LAchildID', 'LAchildID is empty: every child needs its id');
  } else if (!SUBJECT_PATTERN.test(subject)) {
    fields.problem('LAchildID', 'LAchildID must be 1–64 letters, digits, ".", "_" or "-" to be a subject');
  }
  const episodes = all(child.element, 'CINdetails').map((details) => readEpisode(details, fields));
  if (episodes.length === 0) fields.problem('CINdetails', 'the child has no <CINdetails>');
  const facts: CinChildFacts = {
    subject: subject !== undefined && SUBJECT_PATTERN.test(subject) ? subject : '',
    birthDate: ids ? fields.date(ids, 'PersonBirthDate') : undefined,
    expectedBirthDate: ids ? fields.date(ids, 'ExpectedPersonBirthDate') : undefined,
    episodes,
    strayTextIn: strayTextIn(child.element),
  };
  return { facts, problems: fields.problems };
}

function readEpisode(details: CinElement, fields: FieldReader): CinEpisode {
  return {
    referralDate: fields.date(details, 'CINreferralDate', true) ?? '',
    source: fields.code(details, 'ReferralSource', inSet(REFERRAL_SOURCES)),
    primaryNeed: fields.code(details, 'PrimaryNeedCode', inSet(PRIMARY_NEEDS)),
    closureDate: fields.date(details, 'CINclosureDate'),
    closureReason: fields.code(details, 'ReasonForClosure', inSet(CLOSURE_REASONS)),
    icpc: fields.date(details, 'DateOfInitialCPC'),
    assessments: all(details, 'Assessments').map((assessment) => ({
      start: fields.date(assessment, 'AssessmentActualStartDate', true) ?? '',
      authorised: fields.date(assessment, 'AssessmentAuthorisationDate'),
      factors: factorsOf(assessment, fields),
    })),
    cinPlans: all(details, 'CINPlanDates').map((plan) => ({
      start: fields.date(plan, 'CINPlanStartDate', true) ?? '',
      end: fields.date(plan, 'CINPlanEndDate'),
    })),
    section47s: all(details, 'Section47').map((s47) => ({
      start: fields.date(s47, 'S47ActualStartDate', true) ?? '',
      icpc: fields.date(s47, 'DateOfInitialCPC'),
    })),
    cpPlans: all(details, 'ChildProtectionPlans').map((plan) => ({
      start: fields.date(plan, 'CPPstartDate', true) ?? '',
      end: fields.date(plan, 'CPPendDate'),
      category: fields.code(plan, 'InitialCategoryOfAbuse', inSet(ABUSE_CATEGORIES), true) ?? '',
      reviews: all(plan, 'Reviews').flatMap((reviews) => fields.dates(reviews, 'CPPreviewDate')),
    })),
  };
}

// Repeated codes are kept once, in the file's order.
function factorsOf(assessment: CinElement, fields: FieldReader): string[] {
  const codes = all(assessment, 'FactorsIdentifiedAtAssessment').flatMap((list) => all(list, 'AssessmentFactors').map((factor) => factor.text));
  const valid: string[] = [];
  for (const code of codes) {
    if (code === '') continue;
    if (!FACTOR_PATTERN.test(code)) {
      fields.problem('AssessmentFactors', `${fieldWithValue('AssessmentFactors', code)} is not an assessment factor code (e.g. 3A, 21)`);
    } else if (!valid.includes(code)) {
      valid.push(code);
    }
  }
  return valid;
}

class FieldReader {
  readonly problems: RowProblem[] = [];

  constructor(
    private readonly file: string,
    private readonly row: number,
  ) {}

  problem(field: string, message: string): void {
    this.problems.push({ file: this.file, row: this.row, field, message });
  }

  /** The text of the one `name` element in `parent`; undefined when absent or blank. */
  text(parent: CinElement, name: string): string | undefined {
    const found = all(parent, name);
    if (found.length > 1) this.problem(name, `${name} appears ${found.length} times in <${parent.name}>, at most once allowed`);
    return found[0]?.text || undefined;
  }

  date(parent: CinElement, name: string, required = false): string | undefined {
    const text = this.text(parent, name);
    if (text === undefined) {
      if (required) this.problem(name, `${name} is empty: <${parent.name}> needs it`);
      return undefined;
    }
    const date = parseCinDate(text);
    const shown = PERSONAL_DATES.has(name) ? name : fieldWithValue(name, text);
    if (!date) this.problem(name, `${shown} is not a date (YYYY-MM-DD)`);
    return date;
  }

  /** Every `name` element's date (a repeatable field). */
  dates(parent: CinElement, name: string): string[] {
    return all(parent, name).flatMap((element) => {
      if (element.text === '') return [];
      const date = parseCinDate(element.text);
      if (!date) this.problem(name, `${fieldWithValue(name, element.text)} is not a date (YYYY-MM-DD)`);
      return date ? [date] : [];
    });
  }

  code(parent: CinElement, name: string, known: Check, required = false): string | undefined {
    const text = this.text(parent, name);
    if (text === undefined) {
      if (required) this.problem(name, `${name} is empty: <${parent.name}> needs it`);
      return undefined;
    }
    if (known(text)) return text;
    this.problem(name, `${fieldWithValue(name, text)} is not a known code`);
    return undefined;
  }
}

function all(parent: CinElement, name: string): CinElement[] {
  return parent.children.filter((child) => child.name === name);
}

function first(parent: CinElement, name: string): CinElement | undefined {
  return parent.children.find((child) => child.name === name);
}

function strayTextIn(element: CinElement): string[] {
  const names = element.strayText ? [element.name] : [];
  for (const child of element.children) names.push(...strayTextIn(child));
  return names;
}
