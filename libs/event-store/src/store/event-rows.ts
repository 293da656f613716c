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
    try {
      const row = toEventRow(message, validate);
      if ('reason' in row) rejected.push({ message, reason: row.reason });
      else rows.push(row);
    } catch (err) {
      // Deterministic work on one message: what throws here throws on every delivery.
      rejected.push({ message, reason: `the event cannot be read: ${(err as Error).message}` });
    }
  }
  return { rows, rejected };
}

function toEventRow(message: KafkaMessage, validate: EventValidator): EventRow | { reason: string } {
  const parsed = readJsonValue(message);
  if (!parsed.ok) return { reason: parsed.reason };
  // The validator also refuses text PostgreSQL cannot store (NUL, a lone surrogate); what else
  // PostgreSQL refuses, the writer finds and sets aside (EventStoreWriter.applyIsolating).
  const result = validate(parsed.value, FAR_FUTURE);
  if (!result.ok) return { reason: result.errors.map((e) => `${e.pointer}: ${e.message}`).join('; ') };
  const event = result.event;
  const practiceAt = eventTimeToEpochMs(event.time);
  const recordedAt = event.recordedtime ? Date.parse(event.recordedtime) : Number(message.timestamp);
  // The store writes both as timestamps: a time that is no instant would fail every delivery.
  if (!Number.isFinite(practiceAt) || !Number.isFinite(recordedAt)) return { reason: 'time or recordedtime is not an instant' };
  return { offset: message.offset, event, practiceAt, practiceDate: londonDateOf(practiceAt), recordedAt };
}
