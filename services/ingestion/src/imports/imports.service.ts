import { mayActFor, type Principal } from '@casewatch/auth';
import { ProblemException } from '@casewatch/service-kit';
import { HttpStatus, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { TenantDirectory } from '../tenants/tenant-directory';
import { ReportBuilder, type ImportReport } from './import-report';
import { ImportRunner, type ImportJob } from './import-runner';
import { ImportStore, type ImportState } from './import.store';
import { ImportFileError, type ImportFormat, type RowProblem } from './import-types';
import { SSDA903_TABLES, tableOf, yearOfFileName, type Ssda903Table } from './ssda903/tables';
import { stageCinCensus } from './upload/cin-upload';
import { stageSsda903Csv } from './upload/ssda903-upload';
import { stageSsda903Xml } from './upload/ssda903-xml-upload';
import { StagingBuffer } from './upload/staging-buffer';

/** One uploaded file: its form field, file name and bytes. */
export interface UploadedFile {
  field: string;
  fileName: string;
  stream: Readable;
}

export interface ImportOptions {
  tenant: string;
  format: ImportFormat;
  source?: string;
  collectionYear?: number;
  dryRun: boolean;
}

export type ImportOutcome = { done: true; report: ImportReport } | { done: false; importId: string; state: ImportState };

/**
 * An import: the upload read into staging (a file that cannot be read fails it with 400 before
 * anything is published), then converted and published by the runner, waited for a few seconds;
 * longer imports go on in the background with their progress in `imports`.
 */
@Injectable()
export class ImportsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ImportsService.name);

  constructor(
    private readonly store: ImportStore,
    private readonly runner: ImportRunner,
    private readonly tenants: TenantDirectory,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const n = await this.store.failInterrupted();
    if (n > 0) this.logger.warn(`${n} imports were cut short by a stop; they are marked failed and can be repeated`);
  }

  async checkTenant(principal: Principal, tenant: string): Promise<void> {
    if (!mayActFor(principal, tenant) || !(await this.tenants.exists(tenant))) {
      throw new ProblemException(HttpStatus.NOT_FOUND, `tenant ${tenant} not found`);
    }
  }

  /** `files` yields the upload's files in order; `waitMs` is how long the caller waits for the report. */
  async run(options: ImportOptions, files: AsyncIterable<UploadedFile>, waitMs: number): Promise<ImportOutcome> {
    const started = Date.now();
    const importId = randomUUID();
    await this.store.create(importId, options.tenant, options.format);
    const report = new ReportBuilder();
    let lastProgress = 0;
    const staging = new StagingBuffer(this.store, importId, (rowsRead) => {
      if (Date.now() - lastProgress < 500) return;
      lastProgress = Date.now();
      void this.store.progress(importId, { rowsRead }).catch(() => undefined);
    });
    let year = options.collectionYear;
    try {
      year = (await this.stage(options, files, staging, report)) ?? year;
      await staging.finish();
      await this.store.progress(importId, { rowsRead: staging.rowsRead });
      await this.store.analyse();
    } catch (err) {
      await staging.abort();
      await this.store.finish(importId, 'failed', { error: { detail: (err as Error).message } }).catch(() => undefined);
      if (err instanceof ImportFileError) {
        const pointer = err.column ? `/${err.file}/${err.column}` : `/${err.file}`;
        throw new ProblemException(HttpStatus.BAD_REQUEST, `${err.file}: ${err.message}; nothing was imported`, [{ pointer, message: err.message }]);
      }
      throw err;
    }

    const job: ImportJob = {
      importId,
      tenant: options.tenant,
      format: options.format,
      dryRun: options.dryRun,
      source: options.source ?? `urn:casewatch:import:${options.format}`,
      ...(year !== undefined ? { collectionYear: year } : {}),
    };
    const work = this.runner.convertAndPublish(job, { tables: staging.tables, report }).then(
      async (result) => {
        await this.store.finish(importId, 'done', { report: result });
        return result;
      },
      async (err: Error) => {
        this.logger.error(`import ${importId} failed: ${err.message}`);
        await this.store
          .finish(importId, 'failed', { error: { detail: 'the events could not be published; nothing more was accepted, repeat the import' } })
          .catch(() => undefined);
        throw err;
      },
    );
    const timeout = Math.max(0, waitMs - (Date.now() - started));
    const first = await Promise.race([
      work.then((r) => ({ r })),
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), timeout).unref()),
    ]).catch(() => {
      throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, 'the events could not be stored just now; repeat the import (it adds only what is missing)');
    });
    if (first) return { done: true, report: first.r };
    work.catch(() => undefined);
    return { done: false, importId, state: (await this.store.get(options.tenant, importId)) as ImportState };
  }

  get(tenant: string, importId: string): Promise<ImportState | undefined> {
    return this.store.get(tenant, importId);
  }

  private async stage(options: ImportOptions, files: AsyncIterable<UploadedFile>, staging: StagingBuffer, report: ReportBuilder): Promise<number | undefined> {
    let year: number | undefined;
    let seen = 0;
    const rejected: RowProblem[] = [];
    const tablesSeen = new Set<string>();
    let xml: string | undefined;
    for await (const f of files) {
      seen++;
      const name = f.fileName || f.field;
      if (options.format === 'cin-census') {
        if (seen > 1) throw new ImportFileError(name, 'a CIN census import is one XML file');
        year = (await stageCinCensus(f.stream, name, staging)) ?? year;
        continue;
      }
      year ??= yearOfFileName(f.fileName);
      if (isXml(f)) {
        // The XML holds every table of the return: one file, never beside CSV tables.
        if (seen > 1) throw new ImportFileError(name, 'the 903 XML is the whole return: send it alone, without CSV tables');
        const read = await stageSsda903Xml(f.stream, name, staging, rejected);
        for (const t of read.tables) tablesSeen.add(t);
        xml = name;
        if (read.unknownElements > 0) {
          report.warn([{ file: name, code: 'unknown-elements', message: 'elements outside the 903 layout were skipped', count: read.unknownElements }]);
        }
        continue;
      }
      if (xml) throw new ImportFileError(name, 'the 903 XML is the whole return: send it alone, without CSV tables');
      const table = tableOf(f.field, f.fileName);
      if (tablesSeen.has(table)) throw new ImportFileError(name, `a second ${table} table in one import`);
      tablesSeen.add(table);
      await stageSsda903Csv(f.stream, table, name, staging, rejected);
    }
    if (seen === 0)
      throw new ImportFileError(
        '(none)',
        options.format === 'ssda903' ? 'no file: send the 903 tables as multipart files' : 'no file: send the CIN census XML',
      );
    if (options.format === 'ssda903' && !tablesSeen.has('episodes')) {
      throw xml
        ? new ImportFileError(xml, 'the return has no <EPISODE>: episodes are required')
        : new ImportFileError('episodes', 'the episodes table is required');
    }
    report.reject(rejected);
    for (const t of tablesSeen) {
      if (SSDA903_TABLES[t as Ssda903Table].converted) continue;
      const message =
        t === 'oc2'
          ? 'oc2 holds yes/no flags for the year, not dated checks: no events are made from it'
          : `the ${t} table is read but not converted to events`;
      report.warn([{ file: t, code: 'table-not-converted', message, count: staging.tables[t] ?? 0 }]);
    }
    return year;
  }
}

/** The 903 XML: a `.xml` file (or a form field named `xml`); the CSV tables are named by table. */
function isXml(f: UploadedFile): boolean {
  return /\.xml$/i.test(f.fileName) || f.field === 'xml';
}
