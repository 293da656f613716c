import { RequireRole } from '@casewatch/auth';
import type { ComparatorsUploadReport } from '@casewatch/contracts';
import { ProblemException } from '@casewatch/service-kit';
import { Controller, HttpCode, HttpStatus, NotFoundException, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { TenantDirectory } from '../tenant-directory';
import { TenantsService } from '../tenants.service';
import { LaitFileError, readLaitCsv } from './lait-csv';
import { withComparators, type MergeMode } from './merge-comparators';

// A LAIT table is a few hundred rows; this is ample and keeps the file in memory harmless.
const MAX_CSV_BYTES = 5 * 1024 * 1024;
const DEFAULT_SOURCE = 'DfE LAIT';

@ApiTags('tenants')
@Controller('v1/tenants')
export class ComparatorsController {
  constructor(
    private readonly tenants: TenantsService,
    private readonly directory: TenantDirectory,
  ) {}

  @Post(':tenant/comparators')
  @HttpCode(200)
  @RequireRole('manage')
  @ApiOperation({
    summary: "Load comparators from a LAIT indicator table (CSV) into the tenant's settings; published to csc.tenants.v1",
    description:
      'Columns LA number, LA name, Indicator (or ?indicator=) and one per year (2023 = the year to 31 March 2023, or 2022-23). ' +
      'England, statistical neighbour and region rows become comparators; council rows are passed over. Query: indicator, source ' +
      '(default DfE LAIT), mode=merge (default) or replace. docs/comparators.md.',
    requestBody: {
      required: true,
      content: {
        'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } },
        'text/csv': { schema: { type: 'string' } },
      },
    },
  })
  @ApiOkResponse({
    description: 'what the file gave, and the settings as stored and published',
    schema: { $ref: '#/components/schemas/ComparatorsUploadReport' },
  })
  @ApiResponse({ status: 400, description: 'a file that cannot be used, each problem named by row and column; nothing was changed' })
  @ApiResponse({ status: 415, description: 'neither a multipart file nor text/csv' })
  async upload(
    @Param('tenant') tenant: string,
    @Query() query: Record<string, string | undefined>,
    @Req() req: FastifyRequest,
  ): Promise<ComparatorsUploadReport> {
    const options = readOptions(query);
    if (!(await this.directory.exists(tenant))) throw new NotFoundException(`tenant ${tenant} not found`);
    let read;
    try {
      read = readLaitCsv(await uploadedCsv(req), options);
    } catch (err) {
      if (err instanceof LaitFileError)
        throw new ProblemException(HttpStatus.BAD_REQUEST, 'the comparators file cannot be used; nothing was changed', err.errors);
      throw err;
    }
    const metrics = Object.keys(read.comparators);
    if (metrics.length === 0) {
      const why = read.ignored.length > 0 ? `only indicators Casewatch does not map (${read.ignored.map((i) => i.indicator).join('; ')})` : 'no figures';
      throw new ProblemException(HttpStatus.BAD_REQUEST, `the file holds ${why} for England, a region or the statistical neighbours; nothing was changed`);
    }
    let count = { added: 0, updated: 0 };
    const settings = await this.tenants.change(tenant, (current) => {
      const merged = withComparators(current, read.comparators, options.mode);
      count = merged.count;
      return merged.settings;
    });
    return {
      read: metrics.reduce((n, id) => n + read.comparators[id].length, 0),
      ...count,
      metrics,
      councilRows: read.councilRows,
      ignored: read.ignored,
      settings,
    };
  }
}

function readOptions(q: Record<string, string | undefined>): { indicator?: string; source: string; mode: MergeMode } {
  const bad = (pointer: string, message: string) => new ProblemException(HttpStatus.BAD_REQUEST, message, [{ pointer, message }]);
  const text = /^[^\p{Cc}]{1,200}$/u;
  if (q.indicator !== undefined && !text.test(q.indicator)) throw bad('/indicator', 'indicator must be 1–200 characters: a DfE indicator or a metric id');
  if (q.source !== undefined && !text.test(q.source)) throw bad('/source', 'source must be 1–200 characters, e.g. DfE CLA 2024');
  if (q.mode !== undefined && q.mode !== 'merge' && q.mode !== 'replace') throw bad('/mode', 'mode must be merge or replace');
  return { indicator: q.indicator, source: q.source?.trim() || DEFAULT_SOURCE, mode: (q.mode as MergeMode | undefined) ?? 'merge' };
}

/** The CSV: the first file of a multipart upload, or a text/csv body. */
async function uploadedCsv(req: FastifyRequest): Promise<string> {
  if (req.isMultipart()) {
    let text: string | undefined;
    for await (const part of req.parts()) {
      if (part.type !== 'file') continue;
      if (text === undefined) text = decode(await bytesOf(part.file));
      else part.file.resume();
    }
    if (text === undefined) throw new ProblemException(HttpStatus.BAD_REQUEST, 'the upload has no file: send the CSV as a multipart file (field file)');
    return text;
  }
  if (/^text\/csv\b/i.test(req.headers['content-type'] ?? '') && req.body) return decode(await bytesOf(req.body as Readable));
  throw new ProblemException(
    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    'send the CSV as a multipart/form-data file (field file) or as the body with content-type text/csv',
  );
}

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_CSV_BYTES) {
      stream.destroy();
      throw new ProblemException(HttpStatus.PAYLOAD_TOO_LARGE, `a comparators file is at most ${MAX_CSV_BYTES / 1024 / 1024} MiB`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** UTF-8 (with or without BOM) as "CSV UTF-8" saves it, else Windows-1252 as Excel's plain "CSV" does. */
function decode(bytes: Buffer): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes);
  }
  if (text.includes('\0')) throw new ProblemException(HttpStatus.BAD_REQUEST, 'the file holds NUL characters: it is not a CSV text file');
  return text;
}
