import type { CaseEvent } from '@casewatch/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { EventIntakeService, type PreparedEvent } from '../events/event-intake.service';
import { convertCinChild, type CinChild } from './cin-census';
import { londonToday } from './dates';
import { ReportBuilder, type ImportReport } from './import-report';
import { ImportStore, type StagedRecord } from './import.store';
import type { ChildConversion, ImportFormat } from './import-types';
import { convertSsda903Child, type StagedRow } from './ssda903/convert-child';
import { SSDA903_TABLES, type Ssda903Table } from './ssda903/tables';
import { stableEventId } from './stable-id';

export interface ImportJob {
  importId: string;
  tenant: string;
  format: ImportFormat;
  source: string;
  dryRun: boolean;
  collectionYear?: number;
}

/** What reading the upload gave: rows per table, rows that belonged to no child. */
export interface StagedUpload {
  tables: Record<string, number>;
  report: ReportBuilder;
}

// Children read from staging at a time, and events handed to Kafka in one all-or-nothing publish.
const CHILDREN_PER_PAGE = 500;
// 20,000 (the publisher's largest request) ran past PUBLISH_TIMEOUT_MS on a loaded machine.
const EVENTS_PER_PUBLISH = 5000;
const PUBLISHES_AT_ONCE = 2;

/**
 * The second half of an import, once the whole upload is staged: child by child, converted,
 * validated and published through the same path as POST /v1/events. A child's events are never
 * split between two publishes, so a stop mid-import leaves every child whole or absent.
 */
@Injectable()
export class ImportRunner {
  private readonly logger = new Logger(ImportRunner.name);

  constructor(
    private readonly store: ImportStore,
    private readonly intake: EventIntakeService,
  ) {}

  async convertAndPublish(job: ImportJob, upload: StagedUpload): Promise<ImportReport> {
    const report = upload.report;
    const today = londonToday();
    let pending: { events: PreparedEvent[]; episodes: { subject: string; decom: string; periodId: string }[] } = { events: [], episodes: [] };
    let published = 0;
    // Two publishes at a time: one's receipts are written while Kafka acknowledges the other (bench:import).
    const inFlight: Promise<void>[] = [];
    const publishBatch = async (batch: typeof pending) => {
      const { accepted, duplicates } = await this.intake.publishPrepared(batch.events, { dryRun: job.dryRun });
      report.events += batch.events.length;
      report.duplicates += duplicates;
      published += accepted;
      if (!job.dryRun) {
        await this.store.rememberEpisodes(job.tenant, job.source, batch.episodes);
        await this.store.progress(job.importId, { eventsPublished: published });
      }
    };
    const flush = async () => {
      const batch = pending;
      pending = { events: [], episodes: [] };
      if (batch.events.length === 0) return;
      if (inFlight.length >= PUBLISHES_AT_ONCE) await inFlight.shift();
      const publishing = publishBatch(batch);
      publishing.catch(() => undefined); // awaited below; this only keeps it from counting as unhandled meanwhile
      inFlight.push(publishing);
    };

    for await (const page of this.store.childPages(job.importId, CHILDREN_PER_PAGE)) {
      // Events become their messages as soon as they are checked: only strings wait for Kafka.
      const now = new Date().toISOString();
      const known =
        job.format === 'ssda903'
          ? await this.store.knownEpisodes(
              job.tenant,
              job.source,
              page.map((c) => c.subject),
            )
          : new Map();
      for (const child of page) {
        const conversions = this.convert(job, child.subject, child.records, today, known.get(child.subject));
        if (job.format === 'ssda903' ? child.records.some((r) => r.table === 'episodes') : true) report.children++;
        const events = this.toCloudEvents(job, conversions, report);
        report.warn(conversions.flatMap((c) => c.warnings));
        if (!events) {
          report.childrenSkipped++;
          continue;
        }
        for (const e of events) pending.events.push(this.intake.prepare(e, now));
        for (const c of conversions)
          for (const e of (c as { episodePeriods?: { decom: string; periodId: string }[] }).episodePeriods ?? [])
            pending.episodes.push({ subject: child.subject, ...e });
        if (pending.events.length >= EVENTS_PER_PUBLISH) await flush();
      }
    }
    await flush();
    for (const p of inFlight) await p;
    this.logger.log(
      `import ${job.importId} (${job.format}, tenant ${job.tenant}): ${report.events} events, ${report.duplicates} known, ${report.childrenSkipped} children skipped`,
    );
    return report.build({
      importId: job.importId,
      format: job.format,
      tenant: job.tenant,
      source: job.source,
      ...(job.collectionYear !== undefined ? { collectionYear: job.collectionYear } : {}),
      dryRun: job.dryRun,
      tables: upload.tables,
    });
  }

  private convert(job: ImportJob, subject: string, records: StagedRecord[], today: string, known?: Map<string, string>): ChildConversion[] {
    if (job.format === 'cin-census') {
      return records.map((r) => convertCinChild(r.rec as CinChild, { file: r.file, today }));
    }
    const rows: StagedRow[] = records
      .filter((r) => SSDA903_TABLES[r.table as Ssda903Table]?.converted)
      .map((r) => ({ table: r.table as Ssda903Table, file: r.file, row: r.row, fields: r.rec as Record<string, string> }));
    return [convertSsda903Child(subject, rows, { today, knownPeriod: (decom) => known?.get(decom) })];
  }

  /** The child's events as CloudEvents, checked by the edge's validator; undefined when the child is skipped. */
  private toCloudEvents(job: ImportJob, conversions: ChildConversion[], report: ReportBuilder): CaseEvent[] | undefined {
    const problems = conversions.flatMap((c) => c.rejected);
    if (problems.length > 0) {
      report.reject(problems);
      return undefined;
    }
    const drafts = conversions.flatMap((c) => c.events);
    const candidates = drafts.map((d) => ({
      specversion: '1.0',
      id: stableEventId(job.format, d),
      source: job.source,
      type: d.type,
      time: d.date,
      subject: d.subject,
      tenant: job.tenant,
      data: d.data,
    }));
    const { events, errors } = this.intake.check(candidates);
    if (errors.length > 0) {
      // A converter's mistake, not the file's: named so that it can be fixed, and the child kept out.
      report.reject(errors.map((e) => ({ file: job.format, row: 0, field: e.pointer, message: `${drafts[e.index ?? 0]?.type}: ${e.message}` })));
      return undefined;
    }
    return events;
  }
}
