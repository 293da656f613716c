import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/**
 * Both signatures of a webhook body. The subscription's `secret` is the key of each:
 * - `X-Casewatch-Signature: sha256=<hex>`: HMAC-SHA256 of the body keyed by the secret's UTF-8 bytes;
 * - Standard Webhooks (`webhook-signature: v1,<base64>` over `id.timestamp.body`): keyed by the
 *   secret's UTF-8 bytes too, unless it is a Standard Webhooks secret (`whsec_<base64>`), whose
 *   decoded bytes are the key, so a receiver can hand it to its library as it is.
 */
export function casewatchSignature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

const WHSEC = 'whsec_';

function standardWebhook(secret: string): Webhook {
  return secret.startsWith(WHSEC) ? new Webhook(secret) : new Webhook(Buffer.from(secret, 'utf8'), { format: 'raw' });
}

/** Why a secret cannot sign, or undefined: a `whsec_` secret must carry base64. */
export function secretProblem(secret: string): string | undefined {
  if (!secret.startsWith(WHSEC)) return undefined;
  const rest = secret.slice(WHSEC.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(rest) || rest.length % 4 !== 0) return 'a whsec_ secret must be followed by base64';
  try {
    standardWebhook(secret);
    return undefined;
  } catch {
    return 'a whsec_ secret must be followed by base64';
  }
}

/**
 * The headers of one attempt: `webhook-id` is the delivery id (the same at every retry, so a
 * receiver can drop repeats), `webhook-timestamp` this attempt's time in seconds (so it can
 * refuse replays), and the signatures when the subscription has a secret.
 */
export function webhookHeaders(body: string, deliveryId: string, secret: string | null, now = new Date()): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-casewatch-delivery': deliveryId,
    'webhook-id': deliveryId,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
  };
  if (secret) {
    headers['x-casewatch-signature'] = casewatchSignature(body, secret);
    headers['webhook-signature'] = standardWebhook(secret).sign(deliveryId, now, body);
  }
  return headers;
}
