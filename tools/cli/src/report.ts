/**
 * The report of `POST /v1/imports/{format}` and the progress of `GET /v1/tenants/{t}/imports/{id}`,
 * as the ingestion service sends them (imports.md). The CLI depends on no package of ours, so it
 * runs from its source on a fresh clone; these are read defensively (`?? 0`).
 */
export interface RejectedRow {
  file: string;
  row: number;
  field: string;
  message: string;
}

export interface ImportWarning {
  file: string;
  row?: number;
  code: string;
  message: string;
  count?: number;
}

export interface ImportReport {
  importId: string;
  format: string;
  tenant: string;
  source?: string;
  collectionYear?: number;
  dryRun?: boolean;
  children: number;
  childrenSkipped?: number;
  events: number;
  duplicates: number;
  rejected: RejectedRow[];
  rejectedTotal?: number;
  warnings?: ImportWarning[];
  tables?: Record<string, number>;
}

export interface ImportState {
  importId: string;
  tenant: string;
  format: string;
  state: 'running' | 'done' | 'failed';
  rowsRead?: number;
  eventsPublished?: number;
  report?: ImportReport;
  error?: { detail?: string };
}

/** RFC 9457 problem+json. */
export interface Problem {
  title?: string;
  status?: number;
  detail?: string;
  errors?: { pointer?: string; message?: string }[];
}

export function rejectedTotal(report: ImportReport): number {
  return report.rejectedTotal ?? report.rejected?.length ?? 0;
}
