import type { ValidateFunction } from 'ajv';
import { AnyEnvelope } from './envelope';
import { eventTimeToEpochMs } from './event-time';
import { CASE_EVENT_SCHEMAS, EVENT_TYPES, type CaseEvent } from './events/catalogue';
import { findUnstorableText } from './storable-text';
import { sharedAjv } from './validation/ajv';
import { addAjvErrors, FieldErrorList, type FieldError } from './validation/field-errors';

export type EventValidationResult = { ok: true; event: CaseEvent } | { ok: false; errors: FieldError[] };

/** Validates one parsed event; `now` (default: the current time) bounds how far ahead `time` may be. */
export type EventValidator = (input: unknown, now?: Date) => EventValidationResult;

/** Practice dates are never in the future; a day's slack covers clock skew and time zones. */
export const MAX_FUTURE_TIME_MS = 24 * 60 * 60 * 1000;

const ROOT = 'the event';

interface CompiledValidators {
  byType: Map<string, ValidateFunction>;
  anyEnvelope: ValidateFunction;
}

let compiled: CompiledValidators | undefined;

// One ajv function per event type, compiled once per process however many validators are made.
function compiledValidators(): CompiledValidators {
  if (!compiled) {
    const ajv = sharedAjv();
    compiled = {
      byType: new Map(EVENT_TYPES.map((type) => [type, ajv.compile(CASE_EVENT_SCHEMAS[type])])),
      anyEnvelope: ajv.compile(AnyEnvelope),
    };
  }
  return compiled;
}

export function createEventValidator(): EventValidator {
  const { byType, anyEnvelope } = compiledValidators();

  return (input, now) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      return { ok: false, errors: [{ pointer: '', message: `${ROOT} must be a JSON object` }] };
    }
    const event = input as Record<string, unknown>;
    const nowMs = now === undefined ? Date.now() : now.getTime();
    const validate = typeof event.type === 'string' ? byType.get(event.type) : undefined;
    const unstorable = findUnstorableText(event, ROOT);
    const valid = validate?.(event) === true;

    if (valid && unstorable.length === 0 && !isTooFarAhead(event.time, nowMs)) {
      return { ok: true, event: event as unknown as CaseEvent };
    }

    const list = new FieldErrorList();
    for (const error of unstorable) list.add(error.pointer, error.message);
    if (validate) {
      if (!valid) addAjvErrors(list, validate.errors ?? [], ROOT);
    } else {
      if (typeof event.type === 'string') list.add('/type', unknownTypeMessage(event.type));
      anyEnvelope(event);
      addAjvErrors(list, anyEnvelope.errors ?? [], ROOT);
    }
    if (!list.hasErrorAt('/time') && isTooFarAhead(event.time, nowMs)) {
      list.add('/time', 'time must not be more than 24 hours in the future: practice dates are never in the future');
    }
    return { ok: false, errors: list.errors };
  };
}

function isTooFarAhead(time: unknown, nowMs: number): boolean {
  return typeof time === 'string' && eventTimeToEpochMs(time) > nowMs + MAX_FUTURE_TIME_MS;
}

function unknownTypeMessage(type: string): string {
  const message = `type ${JSON.stringify(type)} is not a known event type`;
  const suggestion = closestType(type);
  return suggestion ? `${message}; did you mean ${suggestion}?` : `${message} (see the catalogue in events.md)`;
}

// Only on the error path: a typo in a type name is the likeliest cause.
function closestType(type: string): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(3, Math.floor(type.length / 4)) + 1;
  for (const known of EVENT_TYPES) {
    const distance = editDistance(type, known);
    if (distance < bestDistance) {
      best = known;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
