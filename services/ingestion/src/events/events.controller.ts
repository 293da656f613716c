import { CurrentPrincipal, RequireRole, type Principal } from '@casewatch/auth';
import { Body, Controller, Headers, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { EventIntakeService, type IntakeResult } from './event-intake.service';
import { readEventsBody } from './request-body';
import { INGESTION_CONFIG } from '../platform/tokens';
import type { IngestionConfig } from '../config';

@ApiTags('events')
@Controller('v1/events')
export class EventsController {
  constructor(
    private readonly intake: EventIntakeService,
    @Inject(INGESTION_CONFIG) private readonly config: IngestionConfig,
  ) {}

  @Post()
  @HttpCode(202)
  @RequireRole('ingest')
  @ApiOperation({
    summary: 'Send case events',
    description:
      'One CloudEvent (application/cloudevents+json or application/json), a JSON array (application/cloudevents-batch+json) or NDJSON (application/x-ndjson); up to 10,000 events or 10 MiB. All or nothing.',
    requestBody: {
      required: true,
      content: {
        'application/cloudevents+json': { schema: { $ref: '#/components/schemas/CaseEvent' } },
        'application/json': {
          schema: {
            oneOf: [
              { $ref: '#/components/schemas/CaseEvent' },
              { type: 'array', minItems: 1, maxItems: 10_000, items: { $ref: '#/components/schemas/CaseEvent' } },
            ],
          },
        },
        'application/cloudevents-batch+json': { schema: { type: 'array', minItems: 1, maxItems: 10_000, items: { $ref: '#/components/schemas/CaseEvent' } } },
        'application/x-ndjson': { schema: { type: 'string', description: 'one CaseEvent as JSON per line' } },
      },
    },
  })
  @ApiResponse({
    status: 202,
    description: '{accepted, duplicates, ids}: every event is on Kafka (acks=all)',
    schema: { $ref: '#/components/schemas/IngestionAccepted' },
  })
  @ApiResponse({ status: 400, description: 'problem+json with one entry per bad event (index, pointer, message)' })
  @ApiResponse({ status: 409, description: 'problem+json naming each event whose (source, id) was received before with other content; nothing was accepted' })
  @ApiResponse({ status: 413, description: 'over 10,000 events or 10 MiB' })
  @ApiResponse({ status: 503, description: 'Kafka or Postgres unavailable; send the same events again (docs/ingestion.md "Duplicates")' })
  async post(@Headers('content-type') contentType: string | undefined, @Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<IntakeResult> {
    const items = readEventsBody(contentType, body, this.config.MAX_EVENTS_PER_REQUEST);
    return this.intake.intake(items, principal);
  }
}
