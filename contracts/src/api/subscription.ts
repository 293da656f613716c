import { Type, type Static } from '@sinclair/typebox';
import { CalendarDate, DateTime, RecordId, TeamId, WorkerId } from '../fields';
import { Nullable, StringEnum } from '../schema-helpers';
import { compileValidator, type ValidationResult } from '../validation/compile-validator';
import { ALERT_KINDS } from './alert';
import { RuleId } from './deadline';
import { NextCursor } from './paging';

export const SUBSCRIPTION_CHANNELS = ['webhook', 'email'] as const;
export const DIGESTS = ['none', 'daily'] as const;
export type SubscriptionChannel = (typeof SUBSCRIPTION_CHANNELS)[number];

export const SubscriptionFilter = Type.Object(
  {
    rules: Type.Optional(Type.Array(RuleId)),
    teams: Type.Optional(Type.Array(TeamId)),
    workers: Type.Optional(Type.Array(WorkerId)),
    kinds: Type.Optional(Type.Array(StringEnum(ALERT_KINDS))),
  },
  { additionalProperties: false },
);
export type SubscriptionFilter = Static<typeof SubscriptionFilter>;

/** `POST /v1/tenants/{tenant}/subscriptions` body; `target` is a URL or an email address by channel. */
export const SubscriptionRequest = Type.Object(
  {
    channel: StringEnum(SUBSCRIPTION_CHANNELS),
    target: Type.String({ minLength: 1, maxLength: 2048 }),
    filter: Type.Optional(SubscriptionFilter),
    digest: Type.Optional(StringEnum(DIGESTS)),
    // Signs webhook bodies (X-Casewatch-Signature); never returned.
    secret: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  },
  { additionalProperties: false },
);
export type SubscriptionRequest = Static<typeof SubscriptionRequest>;

/** A stored subscription as returned by the API (without its secret). */
export const Subscription = Type.Object(
  {
    id: RecordId,
    channel: StringEnum(SUBSCRIPTION_CHANNELS),
    target: Type.String(),
    filter: Type.Optional(SubscriptionFilter),
    digest: StringEnum(DIGESTS),
    createdAt: DateTime,
  },
  { additionalProperties: false },
);
export type Subscription = Static<typeof Subscription>;

/** `GET /v1/tenants/{tenant}/subscriptions`, in id order. */
export const SubscriptionList = Type.Object({ items: Type.Array(Subscription), nextCursor: NextCursor }, { additionalProperties: false });
export type SubscriptionList = Static<typeof SubscriptionList>;

export const DELIVERY_STATUSES = ['pending', 'pending-digest', 'delivered', 'failed'] as const;

/** `GET /v1/tenants/{tenant}/subscriptions/{id}/deliveries`: one entry per alert sent or to send. */
export const DeliveryList = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        {
          alertId: RecordId,
          status: StringEnum(DELIVERY_STATUSES),
          attempts: Type.Integer({ minimum: 0 }),
          lastError: Nullable(Type.String(), { description: 'the last error or null' }),
          deliveredAt: Nullable(DateTime, { description: 'a date-time or null' }),
          // The digest that carries it (digest subscriptions only).
          digestDate: Nullable(CalendarDate, { description: 'a date YYYY-MM-DD or null' }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type DeliveryList = Static<typeof DeliveryList>;

const checkShape = compileValidator(SubscriptionRequest, 'the body');
const WEBHOOK_TARGET = /^https?:\/\/[^\s/?#]+[^\s]*$/i;
const EMAIL_TARGET = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Schema check plus what JSON Schema cannot say simply: the target must suit the channel. */
export function validateSubscriptionRequest(input: unknown): ValidationResult<SubscriptionRequest> {
  const result = checkShape(input);
  if (!result.ok) return result;
  const { channel, target } = result.value;
  if (channel === 'webhook' && !WEBHOOK_TARGET.test(target)) {
    return { ok: false, errors: [{ pointer: '/target', message: 'target must be an http(s) URL for a webhook' }] };
  }
  if (channel === 'email' && !EMAIL_TARGET.test(target)) {
    return { ok: false, errors: [{ pointer: '/target', message: 'target must be an email address for email' }] };
  }
  return result;
}
