import type { ImportReport } from '@casewatch/contracts';
import type { ImportWarning, RowProblem } from './import-types';

export type { ImportReport };

// Enough to find and fix the rows; the count says how many there were in all.
const MAX_REJECTED = 10_000;

/** The report as it grows: rejected rows listed, warnings counted by file and code (first row kept). */
export class ReportBuilder {
  children = 0;
  childrenSkipped = 0;
  events = 0;
  duplicates = 0;
  private readonly rejected: RowProblem[] = [];
  private rejectedTotal = 0;
  private readonly warnings = new Map<string, ImportWarning & { count: number }>();

  reject(problems: readonly RowProblem[]): void {
    this.rejectedTotal += problems.length;
    for (const p of problems) if (this.rejected.length < MAX_REJECTED) this.rejected.push(p);
  }

  /** Each warning counts once, or `count` times (a whole table left unconverted). */
  warn(warnings: readonly (ImportWarning & { count?: number })[]): void {
    for (const w of warnings) {
      const key = `${w.file}\u0000${w.code}`;
      const found = this.warnings.get(key);
      if (found) found.count += w.count ?? 1;
      else this.warnings.set(key, { ...w, count: w.count ?? 1 });
    }
  }

  build(base: Omit<ImportReport, 'children' | 'childrenSkipped' | 'events' | 'duplicates' | 'rejected' | 'rejectedTotal' | 'warnings'>): ImportReport {
    const rejected = [...this.rejected].sort((a, b) => a.file.localeCompare(b.file) || a.row - b.row);
    const warnings = [...this.warnings.values()].sort((a, b) => a.file.localeCompare(b.file) || a.code.localeCompare(b.code));
    return {
      ...base,
      children: this.children,
      childrenSkipped: this.childrenSkipped,
      events: this.events,
      duplicates: this.duplicates,
      rejected,
      rejectedTotal: this.rejectedTotal,
      warnings,
    };
  }
}
