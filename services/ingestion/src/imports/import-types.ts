import type { EventType } from '@casewatch/contracts';

/** The DfE returns the importer reads (imports.md). */
export type ImportFormat = 'ssda903' | 'cin-census';

/**
 * An event a return states, before it becomes a CloudEvent. The importer derives the stable `id`
 * from (format, subject, type, date, fact), so `fact` holds what tells two such events apart
 * beyond their type and date (e.g. a referral's own date for its assessment), never a row number.
 */
export interface DraftEvent {
  type: EventType;
  subject: string;
  /** Practice date, YYYY-MM-DD (London). */
  date: string;
  data: Record<string, unknown>;
  fact: string;
}

/** A row that cannot be read: its child is skipped whole. `row` is the file's line (header = 1). */
export interface RowProblem {
  file: string;
  row: number;
  field: string;
  message: string;
}

/** A data-quality fact the import resolved by rule; counted by code in the report. */
export interface ImportWarning {
  file: string;
  row?: number;
  code: string;
  message: string;
}

/** One child of a return, converted: its events, or the rows that made it unusable. */
export interface ChildConversion {
  subject: string;
  events: DraftEvent[];
  rejected: RowProblem[];
  warnings: ImportWarning[];
}

/** A file that cannot be read at all (not the format, a required column missing): 400, nothing published. */
export class ImportFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly column?: string,
  ) {
    super(message);
    this.name = 'ImportFileError';
  }
}
