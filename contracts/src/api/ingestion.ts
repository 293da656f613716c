import { Type, type Static } from '@sinclair/typebox';
import { RecordId } from '../fields';

/** 202 from `POST /v1/events`, sent only after Kafka acknowledged every event. */
export const IngestionAccepted = Type.Object(
  {
    accepted: Type.Integer({ minimum: 0 }),
    // Events whose (source, id) was seen before: counted, not re-published.
    duplicates: Type.Integer({ minimum: 0 }),
    ids: Type.Array(RecordId),
  },
  { additionalProperties: false },
);
export type IngestionAccepted = Static<typeof IngestionAccepted>;

const RowProblem = Type.Object(
  { file: Type.String(), row: Type.Integer({ minimum: 0 }), field: Type.String(), message: Type.String() },
  { additionalProperties: false },
);

/** Report of `POST /v1/imports/{format}` (imports.md "The report"). */
export const ImportReport = Type.Object(
  {
    importId: Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' }),
    format: Type.Union([Type.Literal('ssda903'), Type.Literal('cin-census')]),
    tenant: Type.String(),
    source: Type.String(),
    collectionYear: Type.Optional(Type.Integer()),
    dryRun: Type.Boolean(),
    // Distinct children of the main table (903 episodes, CIN <Child>), and those skipped for a bad row.
    children: Type.Integer({ minimum: 0 }),
    childrenSkipped: Type.Integer({ minimum: 0 }),
    // Events derived from the file, of which `duplicates` were already known.
    events: Type.Integer({ minimum: 0 }),
    duplicates: Type.Integer({ minimum: 0 }),
    // The first 10,000 rejected rows; `rejectedTotal` counts them all.
    rejected: Type.Array(RowProblem),
    rejectedTotal: Type.Integer({ minimum: 0 }),
    // Counted by file and code; `row` and `message` are the first occurrence's.
    warnings: Type.Array(
      Type.Object(
        { file: Type.String(), row: Type.Optional(Type.Integer()), code: Type.String(), message: Type.String(), count: Type.Integer({ minimum: 1 }) },
        { additionalProperties: false },
      ),
    ),
    tables: Type.Record(Type.String(), Type.Integer({ minimum: 0 }), { additionalProperties: false }),
  },
  { additionalProperties: false },
);
export type ImportReport = Static<typeof ImportReport>;

/** `GET /v1/tenants/{tenant}/imports/{importId}`: progress, and the report once done. */
export const ImportState = Type.Object(
  {
    importId: Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' }),
    tenant: Type.String(),
    format: Type.Union([Type.Literal('ssda903'), Type.Literal('cin-census')]),
    state: Type.Union([Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
    rowsRead: Type.Integer({ minimum: 0 }),
    eventsPublished: Type.Integer({ minimum: 0 }),
    report: Type.Optional(ImportReport),
    error: Type.Optional(Type.Object({ detail: Type.String() }, { additionalProperties: false })),
    startedAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type ImportState = Static<typeof ImportState>;

export const IMPORT_FORMATS = ['ssda903', 'cin-census'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
