/**
 * What each warning code of the importers means, in a line (docs/ingestion.md has the same list).
 * From services/ingestion/src/imports/ssda903/*.ts, imports.service.ts and cin-census/README.md;
 * a code missing here is shown with the service's own message.
 */
const COMMON: Record<string, string> = {
  'table-not-converted': 'the table is read and counted but no events are made from it',
};

const SSDA903: Record<string, string> = {
  'future-date': 'a date after today: that fact is left out (a future DEC: the episode is read as open)',
  'duplicate-episode': 'the same episode (CHILD, DECOM) appears twice: read once',
  overlap: "an episode runs past the next one's DECOM: it is ended there, the later one supersedes",
  's-inside-period': 'an RNE S episode starts while a period is open: that period closes then, without an ending',
  'new-period-without-s': 'an episode follows an ended period without RNE S: a period is inferred to start there',
  'rne-l-same-status': 'RNE L (legal status change) but LS did not change: no event',
  'rec-without-dec': 'a REC without a DEC: the episode is read as still open, no ending invented',
  'gap-after-x1': 'an episode ended X1 (another begins) but the next starts later: the gap is kept as stated',
  'outside-period': 'a review, missing episode or adoption date outside every period of care: left out',
  'no-episodes': "rows for a child who has no episode in this return: that child's rows are not imported",
  'unknown-elements': "elements outside the 903 XML return's layout: skipped",
};

const CIN_CENSUS: Record<string, string> = {
  'future-date': 'a date after today: that event is left out',
  'duplicate-episode': 'more than one <CINdetails> with the same CINreferralDate: merged',
  'conflicting-repeat': 'the same fact stated twice with different details: the first kept',
  'closure-before-referral': 'CINclosureDate before CINreferralDate: the closure is left out',
  'completed-before-started': 'AssessmentAuthorisationDate before its start: the completion is left out',
  'cp-plan-end-before-start': 'CPPendDate before CPPstartDate: the end is left out',
  'cin-plan-end-before-start': 'CINPlanEndDate before CINPlanStartDate: the end is left out',
  'review-outside-plan': 'a CPPreviewDate outside its plan: left out',
  'reason-without-closure': 'ReasonForClosure without a CINclosureDate: the reason is ignored',
  'before-referral': "a date before the episode's CINreferralDate: kept as stated",
  'after-closure': "a date after the episode's CINclosureDate: kept as stated",
  'icpc-before-s47': 'DateOfInitialCPC before S47ActualStartDate: kept as stated',
  'overlapping-episodes': 'an episode still open when the next begins: both kept',
  'factor-21-with-others': 'factor 21 (no factors identified) given with other factors: all kept',
  'no-birth-date': 'neither PersonBirthDate nor ExpectedPersonBirthDate: no child details recorded',
  'stray-text': 'text outside any field: ignored',
};

export function warningMeaning(format: string, code: string): string | undefined {
  const own = format === 'cin-census' ? CIN_CENSUS : format === 'ssda903' ? SSDA903 : {};
  return own[code] ?? COMMON[code];
}
