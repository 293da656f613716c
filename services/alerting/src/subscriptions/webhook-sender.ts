import { createHmac } from 'node:crypto';

export interface SendResult {
  ok: boolean;
  error?: string;
}

/** `sha256=<hex HMAC of the body with the subscription secret>` (api.md). */
export function signature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** POSTs a body, signed when there is a secret; a 2xx within the timeout is a delivery. */
export async function sendWebhook(target: string, body: string, secret: string | null, deliveryId: string, timeoutMs: number): Promise<SendResult> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    // Lets a receiver drop a repeat if we die between its 2xx and our record of it.
    'x-casewatch-delivery': deliveryId,
  };
  if (secret) headers['x-casewatch-signature'] = signature(body, secret);
  try {
    const res = await fetch(target, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer().catch(() => undefined);
    return res.ok ? { ok: true } : { ok: false, error: `HTTP ${res.status}` };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}
