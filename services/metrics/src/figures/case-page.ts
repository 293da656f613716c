/** A page of the children behind a figure: after the last one given, in (first date, child) order. */
export interface CasePage {
  /** Rows to read (the page's limit + 1, to know whether more remain). */
  limit: number;
  /** The sort key of the last child of the previous page: its first date and subject. */
  after?: [string, string];
}

export interface CaseRow {
  subject: string;
  dates: string[];
  /** The first date (`YYYY-MM-DD`), the first part of the sort key. */
  first: string;
}

/** A page of a list computed in Node (rule and looked-after figures), as CasePageStore pages SQL rows; sorted here. */
export function casesAfter(cases: { subject: string; dates: string[] }[], page: CasePage): CaseRow[] {
  const rows = cases.map((c) => ({ ...c, first: c.dates[0] ?? '' }));
  const cmp = (a: [string, string], b: [string, string]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
  const after = page.after;
  return rows
    .filter((r) => !after || cmp([r.first, r.subject], after) > 0)
    .sort((a, b) => cmp([a.first, a.subject], [b.first, b.subject]))
    .slice(0, page.limit);
}
