import type { CaseEvent } from '@casewatch/contracts';
import type { Producer } from 'kafkajs';

const CASE_EVENTS = 'csc.case-events.v1';
const BATCH = 5000;

/** Tenants' settings onto csc.tenants.v1, keyed by tenant. */
export async function sendTenants(producer: Producer, settings: readonly ({ tenant: string } & Record<string, unknown>)[]): Promise<void> {
  await producer.send({ topic: 'csc.tenants.v1', messages: settings.map((s) => ({ key: s.tenant, value: JSON.stringify(s) })) });
}

/**
 * Generated events onto csc.case-events.v1 in batches of 5,000, keyed as ingestion keys them, at
 * most `limit`; `progress` is told the running count after each batch. Returns how many were sent.
 */
export async function sendHistory(
  producer: Producer,
  events: Iterable<CaseEvent>,
  options: { limit?: number; progress?: (sent: number) => void } = {},
): Promise<number> {
  const limit = options.limit ?? Infinity;
  let batch: { key: string; value: string }[] = [];
  let sent = 0;
  for (const event of events) {
    if (sent + batch.length >= limit) break;
    batch.push({ key: `${event.tenant}:${event.subject}`, value: JSON.stringify(event) });
    if (batch.length === BATCH) {
      await producer.send({ topic: CASE_EVENTS, messages: batch });
      sent += batch.length;
      batch = [];
      options.progress?.(sent);
    }
  }
  if (batch.length > 0) await producer.send({ topic: CASE_EVENTS, messages: batch });
  return sent + batch.length;
}
