/** What a figure is computed for: a tenant, a scope, a period's dates and a moment of knowledge. */
export interface FigureQuery {
  tenant: string;
  /** `la`, or the team or worker holding the child's case at the relevant date. */
  scope?: { kind: 'team' | 'worker'; id: string };
  first: string;
  last: string;
  /** ISO instant: only what was recorded (and not yet withdrawn) by then counts. */
  asAt: string;
}

/** A team or worker scope; undefined for the whole authority (`la`). */
export type Scope = FigureQuery['scope'];
