import { Type, type Static } from '@sinclair/typebox';
import { DateTime, PracticeTime, RecordId, Subject, TenantId } from './fields';

/** CloudEvents attributes shared by every case event; `type` and `data` are added per type. */
export const ENVELOPE_PROPERTIES = {
  specversion: Type.Literal('1.0'),
  id: RecordId,
  // A URI-reference (RFC 3986 characters only, so no whitespace), e.g. urn:la:372:lcs.
  source: Type.String({
    pattern: "^[A-Za-z0-9._~:/?#\\[\\]@!$&'()*+,;=%-]{1,512}$",
    description: 'a URI-reference naming the sending system, without spaces (e.g. urn:la:372:lcs)',
  }),
  time: PracticeTime,
  subject: Subject,
  tenant: TenantId,
  recordedtime: Type.Optional(DateTime),
  supersedes: Type.Optional(RecordId),
};

/**
 * Any envelope, whatever its type: used to report envelope errors when `type` is not one the
 * catalogue knows, so there is no data schema to check against.
 */
export const AnyEnvelope = Type.Object(
  {
    ...ENVELOPE_PROPERTIES,
    type: Type.String(),
    data: Type.Object({}, { additionalProperties: true }),
  },
  { additionalProperties: false },
);

/** The envelope attributes without `type` and `data`. */
export const EnvelopeAttributes = Type.Object(ENVELOPE_PROPERTIES, { additionalProperties: false });
export type EnvelopeAttributes = Static<typeof EnvelopeAttributes>;
