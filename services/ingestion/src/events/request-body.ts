import { HttpStatus } from '@nestjs/common';
import { ProblemException, type ProblemFieldError } from '@casewatch/service-kit';

export const SINGLE_TYPES = ['application/cloudevents+json', 'application/json'];
export const BATCH_TYPE = 'application/cloudevents-batch+json';
export const NDJSON_TYPE = 'application/x-ndjson';

/** The three body forms of POST /v1/events, reduced to a list of candidate events. */
export function readEventsBody(contentType: string | undefined, body: unknown, maxEvents: number): unknown[] {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  let items: unknown[];
  if (type === NDJSON_TYPE) {
    items = parseNdjson(typeof body === 'string' ? body : '');
  } else if (type === BATCH_TYPE) {
    if (!Array.isArray(body)) throw badBody(`a ${BATCH_TYPE} body must be a JSON array of events`);
    items = body;
  } else if (SINGLE_TYPES.includes(type)) {
    // application/json also takes an array: what a script is most likely to send.
    if (Array.isArray(body) && type === 'application/json') items = body;
    else if (typeof body === 'object' && body !== null && !Array.isArray(body)) items = [body];
    else throw badBody(`a ${type} body must be one event (a JSON object)`);
  } else {
    throw new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, `send ${[...SINGLE_TYPES, BATCH_TYPE, NDJSON_TYPE].join(', ')}`);
  }
  if (items.length === 0) throw badBody('the request holds no events');
  if (items.length > maxEvents) {
    throw new ProblemException(HttpStatus.PAYLOAD_TOO_LARGE, `${items.length} events in one request; at most ${maxEvents} are accepted`);
  }
  return items;
}

function parseNdjson(text: string): unknown[] {
  const items: unknown[] = [];
  const errors: ProblemFieldError[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const index = items.length;
    try {
      items.push(JSON.parse(line));
    } catch {
      items.push(undefined);
      errors.push({ index, pointer: '', message: `line ${index + 1} is not valid JSON` });
    }
  }
  if (errors.length > 0) throw new ProblemException(HttpStatus.BAD_REQUEST, 'some lines are not JSON; nothing was accepted', errors);
  return items;
}

function badBody(detail: string): ProblemException {
  return new ProblemException(HttpStatus.BAD_REQUEST, detail);
}
