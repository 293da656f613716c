import type { KafkaMessage } from 'kafkajs';

/** A message's value parsed as JSON, or the reason it is unusable (for the dead-letter header). */
export function readJsonValue(message: KafkaMessage): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(message.value?.toString('utf8') ?? '') };
  } catch {
    return { ok: false, reason: 'value is not JSON' };
  }
}
