/**
 * A metric's dimensions as the metrics API names them. No answer carries them as a field (they
 * are the metrics service's catalogue, and a field on MetricValue would be a contract change), but
 * `/breakdown` without `by` is a 400 whose detail names them: "… can be broken down by one of:
 * source, ageBand" (or "by none: …"). Reading that keeps the page in step with the API (a new
 * dimension, such as `team`, shows without a change here); a detail in another form reads as none,
 * so the page leaves the section out rather than offer a wrong one.
 */
export function dimensionsInProblem(detail: string): string[] {
  const m = /can be broken down by one of: ([A-Za-z0-9, ]+)$/.exec(detail.trim());
  return m
    ? m[1]
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
}

/** What the picker and the table call a dimension; one not listed here is called by its id. */
export const DIMENSION_TITLES: Readonly<Record<string, string>> = {
  source: 'Source',
  factor: 'Assessment factor',
  primaryNeed: 'Primary need',
  outcome: 'Outcome',
  category: 'Category of abuse',
  legalStatus: 'Legal status',
  placementType: 'Placement type',
  reason: 'Reason for leaving care',
  ageBand: 'Age band',
  uasc: 'Unaccompanied asylum-seeking',
  team: 'Team',
};

export function dimensionTitle(id: string): string {
  return DIMENSION_TITLES[id] ?? id;
}
