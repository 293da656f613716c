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

/** Report of `POST /v1/imports/{format}`. */
export const ImportReport = Type.Object(
  {
    children: Type.Integer({ minimum: 0 }),
    events: Type.Integer({ minimum: 0 }),
    duplicates: Type.Integer({ minimum: 0 }),
    rejected: Type.Array(
      Type.Object(
        {
          file: Type.String(),
          row: Type.Integer({ minimum: 0 }),
          field: Type.String(),
          message: Type.String(),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type ImportReport = Static<typeof ImportReport>;

export const IMPORT_FORMATS = ['ssda903', 'cin-census'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
