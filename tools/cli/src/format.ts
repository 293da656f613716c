import { rejectedTotal, type ImportReport, type ImportWarning } from './report';
import { warningMeaning } from './warning-codes';

/** Rejected rows shown; the rest are counted ("and N more") and all are in `--json`. */
export const REJECTED_SHOWN = 20;

export function formatCount(n: number): string {
  return n.toLocaleString('en-GB');
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** The report for a person to read: what was imported, the rejected rows, the warnings by code. */
export function formatReport(report: ImportReport): string {
  const lines: string[] = [];
  const year = report.collectionYear ? `, collection year ${report.collectionYear}–${String(report.collectionYear + 1).slice(2)}` : '';
  lines.push(`${report.dryRun ? 'Dry run of' : 'Imported'} ${report.format} for tenant ${report.tenant}${year} (import ${report.importId})`);
  if (report.source) lines.push(`source ${report.source}`);
  if (report.dryRun) lines.push('Nothing was published: the counts say what an import would do.');
  lines.push('');

  const skipped = report.childrenSkipped ?? 0;
  const newEvents = report.events - report.duplicates;
  const rejected = rejectedTotal(report);
  lines.push(
    ...table(
      [
        ['children', formatCount(report.children), skipped > 0 ? `${formatCount(skipped)} skipped whole: a row of theirs was rejected` : ''],
        ['events', formatCount(report.events), `${formatCount(newEvents)} new, ${formatCount(report.duplicates)} already known`],
        ['rejected rows', formatCount(rejected), ''],
        ['warnings', formatCount((report.warnings ?? []).reduce((n, w) => n + (w.count ?? 1), 0)), ''],
      ],
      { numeric: [1] },
    ).map((l) => `  ${l}`),
  );
  const tables = Object.entries(report.tables ?? {});
  if (tables.length > 0) lines.push(...wrap(`rows read: ${tables.map(([t, n]) => `${t} ${formatCount(n)}`).join(', ')}`, 96, '  ', '    '));

  if (rejected > 0) lines.push('', ...formatRejected(report));
  if ((report.warnings ?? []).length > 0) lines.push('', ...formatWarnings(report.format, report.warnings ?? []));
  return `${lines.join('\n')}\n`;
}

function formatRejected(report: ImportReport): string[] {
  const total = rejectedTotal(report);
  const shown = report.rejected.slice(0, REJECTED_SHOWN);
  const lines = [`Rejected rows (a child with a rejected row is skipped whole; fix the rows and import again):`];
  lines.push(
    ...table([['file', 'row', 'field', 'message'], ...shown.map((r) => [r.file, String(r.row), r.field, r.message])], { numeric: [1], header: true }).map(
      (l) => `  ${l}`,
    ),
  );
  const more = total - shown.length;
  if (more > 0) {
    const listed = report.rejected.length < total ? ` (the report lists the first ${formatCount(report.rejected.length)})` : '';
    lines.push(`  … and ${formatCount(more)} more: --json prints them${listed}`);
  }
  return lines;
}

interface WarningGroup {
  code: string;
  count: number;
  files: Set<string>;
  example: ImportWarning;
}

/** Warnings by code, most frequent first, with what the code means and one example. */
export function groupWarnings(warnings: readonly ImportWarning[]): WarningGroup[] {
  const groups = new Map<string, WarningGroup>();
  for (const w of warnings) {
    const g = groups.get(w.code) ?? { code: w.code, count: 0, files: new Set<string>(), example: w };
    g.count += w.count ?? 1;
    g.files.add(w.file);
    groups.set(w.code, g);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

function formatWarnings(format: string, warnings: readonly ImportWarning[]): string[] {
  const lines = ['Warnings (resolved by rule; the children are kept):'];
  for (const g of groupWarnings(warnings)) {
    lines.push(`  ${g.code} × ${formatCount(g.count)} in ${[...g.files].join(', ')}`);
    const meaning = warningMeaning(format, g.code);
    if (meaning) lines.push(`      ${meaning}`);
    // The example's file is known from the line above unless there are several.
    const where = g.example.row !== undefined ? `${g.files.size > 1 ? `${g.example.file} ` : ''}row ${g.example.row}: ` : '';
    lines.push(`      e.g. ${where}${g.example.message}`);
  }
  return lines;
}

/** Words wrapped at `width`, the first line indented by `first`, the rest by `rest`. */
function wrap(text: string, width: number, first: string, rest: string): string[] {
  const lines: string[] = [];
  let line = first;
  for (const word of text.split(' ')) {
    if (line.trim() && line.length + 1 + word.length > width) {
      lines.push(line);
      line = rest;
    }
    line += line.trim() ? ` ${word}` : word;
  }
  return [...lines, line];
}

/** Columns padded to their widest cell; the last column is not padded. */
function table(rows: string[][], opts: { numeric?: number[]; header?: boolean } = {}): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i]?.length ?? 0)));
  return rows.map((r, rowIndex) =>
    r
      .map((cell, i) => {
        if (i === r.length - 1) return cell;
        const right = opts.numeric?.includes(i) && !(opts.header && rowIndex === 0);
        return right ? cell.padStart(widths[i]) : cell.padEnd(widths[i]);
      })
      .join('  ')
      .trimEnd(),
  );
}
