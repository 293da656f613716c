import type { NestFastifyApplication } from '@nestjs/platform-fastify';

// Fatal: a byte sequence that is not UTF-8 is refused instead of becoming U+FFFD, which would let
// two different ids decode to the same text (and the second be dropped as a duplicate).
const utf8 = new TextDecoder('utf-8', { fatal: true });

export class BodyNotUtf8Error extends Error {
  readonly statusCode = 400;
  constructor() {
    super('the request body is not valid UTF-8');
  }
}

/** Strict UTF-8 text of a body; throws a 400 error otherwise. */
export function decodeUtf8Body(body: Buffer | string): string {
  if (typeof body === 'string') return body;
  try {
    return utf8.decode(body);
  } catch {
    throw new BodyNotUtf8Error();
  }
}

/**
 * Text bodies read as bytes and decoded strictly: application/json (Fastify's JSON parser, with
 * prototype poisoning refused) and `jsonTypes` as JSON, text/plain and `textTypes` as text.
 */
export function addUtf8BodyParsers(app: NestFastifyApplication, jsonTypes: string[], textTypes: string[]): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  for (const type of ['application/json', ...jsonTypes]) {
    fastify.addContentTypeParser(type, { parseAs: 'buffer' }, (req, body, done) => {
      let text: string;
      try {
        text = decodeUtf8Body(body);
      } catch (err) {
        done(err as Error, undefined);
        return;
      }
      parseJson(req, text, done);
    });
  }
  for (const type of ['text/plain', ...textTypes]) {
    fastify.addContentTypeParser(type, { parseAs: 'buffer' }, (_req, body, done) => {
      try {
        done(null, decodeUtf8Body(body));
      } catch (err) {
        done(err as Error, undefined);
      }
    });
  }
}
