import { Type, type Static } from '@sinclair/typebox';
import { DateTime, RecordId, Subject, TeamId, TenantId, WorkerId } from '../fields';
import { StringEnum } from '../schema-helpers';
import { RuleId } from './deadline';
import { NextCursor } from './paging';

export const ALERT_KINDS = ['due-soon', 'overdue', 'resolved'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const ALERT_STATUSES = ['firing', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export const RESOLUTION_REASONS = ['met', 'met-late', 'cancelled'] as const;

export const Acknowledgement = Type.Object(
  { by: Type.String({ minLength: 1, maxLength: 256 }), at: DateTime, comment: Type.String({ maxLength: 2000 }) },
  { additionalProperties: false },
);
export type Acknowledgement = Static<typeof Acknowledgement>;

export const Alert = Type.Object(
  {
    alertId: RecordId,
    deadlineId: RecordId,
    rule: RuleId,
    subject: Subject,
    kind: StringEnum(ALERT_KINDS),
    status: StringEnum(ALERT_STATUSES),
    firedAt: DateTime,
    resolvedAt: Type.Optional(DateTime),
    // timescales.md: a firing alert is resolved "with that reason" (met, met late or cancelled).
    reason: Type.Optional(StringEnum(RESOLUTION_REASONS)),
    acknowledged: Type.Optional(Acknowledgement),
    teamId: Type.Optional(TeamId),
    workerId: Type.Optional(WorkerId),
  },
  { additionalProperties: false },
);
export type Alert = Static<typeof Alert>;

/** `csc.alerts.v1` value, keyed `tenant:deadlineId`. */
export const AlertMessage = Type.Object({ tenant: TenantId, ...Alert.properties }, { additionalProperties: false });
export type AlertMessage = Static<typeof AlertMessage>;

export const AlertList = Type.Object({ items: Type.Array(Alert), nextCursor: NextCursor }, { additionalProperties: false });
export type AlertList = Static<typeof AlertList>;

/** `POST /alerts/{alertId}/ack` body. */
export const AcknowledgeRequest = Type.Object({ comment: Type.String({ maxLength: 2000 }) }, { additionalProperties: false });
export type AcknowledgeRequest = Static<typeof AcknowledgeRequest>;

/** Body POSTed to a webhook subscription. */
export const WebhookPayload = Type.Object({ version: Type.Literal('1'), tenant: TenantId, alerts: Type.Array(Alert) }, { additionalProperties: false });
export type WebhookPayload = Static<typeof WebhookPayload>;
