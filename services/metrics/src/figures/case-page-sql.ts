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

/**
 * Groups the rows behind a figure (`subject` plus the columns `shape` names) by child, keyset
 * paged. Text compared with COLLATE "C", as the cursor's keys are compared in Node.
 */
export function casePageSql(
  behind: { text: string; params: unknown[] },
  shape: { dates: string; first: string; counted: boolean },
  page: CasePage,
): { text: string; params: unknown[] } {
  const params = [...behind.params];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const first = `(${shape.first}) COLLATE "C"`;
  let having = '';
  if (page.after) {
    const date = p(page.after[0]);
    having = `HAVING ${first} > ${date} OR (${first} = ${date} AND subject COLLATE "C" > ${p(page.after[1])})`;
  }
  return {
    text: `SELECT subject, ${shape.dates} AS dates, ${first} AS first FROM (${behind.text}) r ${shape.counted ? 'WHERE counted' : ''}
      GROUP BY subject ${having} ORDER BY ${first}, subject COLLATE "C" LIMIT ${p(page.limit)}`,
    params,
  };
}

/** The same paging for a list computed in Node (rule and looked-after figures), already sorted or not. */
export function casesAfter(cases: { subject: string; dates: string[] }[], page: CasePage): CaseRow[] {
  const rows = cases.map((c) => ({ ...c, first: c.dates[0] ?? '' }));
  const cmp = (a: [string, string], b: [string, string]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
  const after = page.after;
  return rows
    .filter((r) => !after || cmp([r.first, r.subject], after) > 0)
    .sort((a, b) => cmp([a.first, a.subject], [b.first, b.subject]))
    .slice(0, page.limit);
}
