import { CurrentPrincipal, RequireRole, type Principal } from '@casewatch/auth';
import { ProblemException } from '@casewatch/service-kit';
import { Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import type { IngestionConfig } from '../config';
import { INGESTION_CONFIG } from '../platform/tokens';
import type { ImportFormat } from './import-types';
import { ImportsService, type UploadedFile } from './imports.service';

const FORMATS: readonly ImportFormat[] = ['ssda903', 'cin-census'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

@ApiTags('imports')
@Controller()
export class ImportsController {
  constructor(
    private readonly imports: ImportsService,
    @Inject(INGESTION_CONFIG) private readonly config: IngestionConfig,
  ) {}

  @Post('v1/imports/:format')
  @HttpCode(200)
  @RequireRole('ingest')
  @ApiOperation({
    summary: 'Import a DfE return (ssda903: CSV tables as multipart files, or its XML; cin-census: the XML)',
    description: 'Query: tenant (required), collectionYear, source, dryRun. 200 with the report, or 202 with Location for a long import (imports.md).',
    requestBody: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: {
            type: 'object',
            description: 'one file per table (903 CSV) or the return as one XML file',
            additionalProperties: { type: 'string', format: 'binary' },
          },
        },
        'application/xml': { schema: { type: 'string', description: 'the XML return (CIN census, or 903 XML)' } },
      },
    },
  })
  @ApiResponse({
    status: 200,
    description: '{importId, format, children, events, duplicates, rejected, warnings, tables}',
    schema: { $ref: '#/components/schemas/ImportReport' },
  })
  @ApiResponse({
    status: 202,
    description: 'still running: GET the Location for progress and the report',
    schema: { $ref: '#/components/schemas/ImportState' },
    headers: { Location: { description: '/v1/tenants/{tenant}/imports/{importId}', schema: { type: 'string' } } },
  })
  @ApiResponse({ status: 400, description: 'a file that cannot be read (named with its column); nothing was published' })
  @ApiResponse({ status: 415, description: 'neither multipart files nor XML' })
  async import(
    @Param('format') format: string,
    @Query() query: Record<string, string | undefined>,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
  ): Promise<unknown> {
    if (!FORMATS.includes(format as ImportFormat)) throw new ProblemException(HttpStatus.NOT_FOUND, `no import format ${format}; use ${FORMATS.join(' or ')}`);
    const options = readOptions(format as ImportFormat, query);
    await this.imports.checkTenant(principal, options.tenant);
    const outcome = await this.imports.run(options, uploadedFiles(req, options.format), this.config.IMPORT_WAIT_MS);
    if (outcome.done) return outcome.report;
    void reply.status(202).header('location', `/v1/tenants/${options.tenant}/imports/${outcome.importId}`);
    return outcome.state;
  }

  @Get('v1/tenants/:tenant/imports/:importId')
  @RequireRole('read')
  @ApiOperation({ summary: "An import's progress ({state, rowsRead, eventsPublished}) and, when done, its report" })
  @ApiOkResponse({ schema: { $ref: '#/components/schemas/ImportState' } })
  async get(@Param('tenant') tenant: string, @Param('importId') importId: string): Promise<unknown> {
    const state = UUID.test(importId) ? await this.imports.get(tenant, importId) : undefined;
    if (!state) throw new ProblemException(HttpStatus.NOT_FOUND, `no import ${importId} for tenant ${tenant}`);
    return state;
  }
}

function readOptions(format: ImportFormat, q: Record<string, string | undefined>) {
  const bad = (pointer: string, message: string) => new ProblemException(HttpStatus.BAD_REQUEST, message, [{ pointer, message }]);
  if (!q.tenant || !/^[a-z0-9-]{2,40}$/.test(q.tenant)) throw bad('/tenant', 'the query needs tenant, 2–40 lowercase letters, digits or -');
  if (q.collectionYear !== undefined && !/^20[0-9]{2}$/.test(q.collectionYear)) throw bad('/collectionYear', 'collectionYear must be a year such as 2017');
  if (q.source !== undefined && !/^[A-Za-z][A-Za-z0-9+.-]*:[^\s]{1,250}$/.test(q.source)) throw bad('/source', 'source must be a URI such as urn:la:372:903');
  if (q.dryRun !== undefined && !['true', 'false'].includes(q.dryRun)) throw bad('/dryRun', 'dryRun must be true or false');
  return {
    tenant: q.tenant,
    format,
    source: q.source,
    dryRun: q.dryRun === 'true',
    ...(q.collectionYear ? { collectionYear: Number(q.collectionYear) } : {}),
  };
}

/** The upload's files: multipart parts, or the XML (CIN census, 903) sent as the body itself. */
async function* uploadedFiles(req: FastifyRequest, format: ImportFormat): AsyncIterable<UploadedFile> {
  if (req.isMultipart()) {
    for await (const part of req.parts()) {
      if (part.type === 'file') yield { field: part.fieldname, fileName: part.filename, stream: part.file };
    }
    return;
  }
  if (/^(application|text)\/xml\b/i.test(req.headers['content-type'] ?? '') && req.body) {
    yield { field: 'file', fileName: `${format}.xml`, stream: req.body as Readable };
    return;
  }
  throw new ProblemException(
    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    format === 'ssda903'
      ? 'send the 903 tables as multipart/form-data files, or the 903 XML as application/xml'
      : 'send the CIN census XML as application/xml or a multipart file',
  );
}
