import { eventTimeToEpochMs, type CaseEvent, type EventValidator } from '@casewatch/contracts';
import { readJsonValue, type Rejected } from '@casewatch/kafka';
import type { KafkaMessage } from 'kafkajs';
import { londonDateOf } from '@casewatch/timescales';

export interface EventRow {
  offset: string;
  event: CaseEvent;
  practiceAt: number;
  practiceDate: string;
  recordedAt: number;
}

// Consumers re-check the schema they depend on, but not the "not in the future" rule of the edge.
const FAR_FUTURE = new Date(8.64e15);

/** Turns a batch's messages into rows, setting aside (with the reason) what cannot be used. */
export function toEventRows(messages: KafkaMessage[], validate: EventValidator): { rows: EventRow[]; rejected: Rejected[] } {
  const rows: EventRow[] = [];
  const rejected: Rejected[] = [];
  for (const message of messages) {
    const parsed = readJsonValue(message);
    if (!parsed.ok) {
      rejected.push({ message, reason: parsed.reason });
      continue;
    }
    // PostgreSQL text and jsonb cannot hold U+0000: stored, it would fail the batch for ever.
    if (message.value?.includes('\\u0000') && hasNul(parsed.value)) {
      rejected.push({ message, reason: 'a string holds the character U+0000, which cannot be stored' });
      continue;
    }
    const result = validate(parsed.value, FAR_FUTURE);
    if (!result.ok) {
      rejected.push({ message, reason: result.errors.map((e) => `${e.pointer}: ${e.message}`).join('; ') });
      continue;
    }
    const event = result.event;
    const practiceAt = eventTimeToEpochMs(event.time);
    const recordedAt = event.recordedtime ? Date.parse(event.recordedtime) : Number(message.timestamp);
    rows.push({ offset: message.offset, event, practiceAt, practiceDate: londonDateOf(practiceAt), recordedAt });
  }
  return { rows, rejected };
}

function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(hasNul);
  if (value !== null && typeof value === 'object') return Object.entries(value).some(([k, v]) => k.includes('\u0000') || hasNul(v));
  return false;
}
