import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MAX_URL_LENGTH, checkRequestTarget } from './request-target';
import { PROBLEM_CONTENT_TYPE, problemOf, type ProblemDocument } from './problem';
import { REQUEST_ID_HEADER } from './request-log';

/**
 * Refuses, before any route runs, what no controller should have to defend against: a bad URL
 * (see checkRequestTarget) or a header holding NUL (only possible in-process: Node's parser
 * refuses it on the wire). Every refusal is a problem.
 */
export function addRequestChecks(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (req, reply, done) => {
      const refusal = checkRequestTarget(req.raw.url ?? '') ?? checkHeaders(req.headers);
      if (refusal) {
        sendProblem(reply, problemOf(refusal.status, refusal.detail));
        return;
      }
      done();
    });
}

function checkHeaders(headers: Record<string, string | string[] | undefined>): { status: 400; detail: string } | undefined {
  for (const [name, value] of Object.entries(headers)) {
    const values = Array.isArray(value) ? value : [value];
    if (values.some((v) => typeof v === 'string' && v.includes('\0'))) {
      return { status: 400, detail: `header ${name} holds a NUL character` };
    }
  }
  return undefined;
}

/** The part of a Fastify reply a problem needs (Nest and this lib each have their own fastify copy). */
interface ReplyLike {
  status(code: number): unknown;
  header(name: string, value: unknown): unknown;
  send(payload?: unknown): unknown;
}

export function sendProblem(reply: ReplyLike, problem: ProblemDocument): void {
  reply.status(problem.status);
  reply.header('Content-Type', PROBLEM_CONTENT_TYPE);
  reply.send(problem);
}

/**
 * Fastify's `frameworkErrors`: what its router refuses before any hook runs (a path that is not
 * valid percent-encoding, a path parameter over `maxParamLength`). Without it they leave as
 * plain JSON.
 */
export function frameworkErrorsAsProblems(error: { code?: string; statusCode?: number }, req: { id: string }, reply: ReplyLike): void {
  reply.header(REQUEST_ID_HEADER, req.id);
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    sendProblem(reply, problemOf(414, 'a path segment is too long'));
  } else if (error.code === 'FST_ERR_BAD_URL') {
    sendProblem(reply, problemOf(400, 'the path holds invalid percent-encoding (each % must start an escape of valid UTF-8)'));
  } else {
    sendProblem(reply, problemOf(error.statusCode && error.statusCode < 500 ? error.statusCode : 400, 'the request could not be routed'));
  }
}

/**
 * Fastify's `clientErrorHandler`: what Node's HTTP parser refuses (headers over `maxHeaderSize`,
 * malformed requests) is answered on the socket as a problem: 414 when the request line alone is
 * too long, 431 for headers.
 */
export function clientErrorAsProblem(err: Error & { code?: string; rawPacket?: unknown }, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  let problem: ProblemDocument;
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    problem = problemOf(408, 'the request was not received in time');
  } else if (err.code === 'HPE_HEADER_OVERFLOW') {
    problem = requestLineTooLong(err.rawPacket)
      ? problemOf(414, `the URL is too long; at most ${MAX_URL_LENGTH} characters are accepted`)
      : problemOf(431, 'the request headers are too large');
  } else {
    problem = problemOf(400, 'the request is not valid HTTP');
  }
  const body = JSON.stringify(problem);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\nConnection: close\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

// The parser hands over the bytes it choked on; without a line break in them, the request line
// itself (the URL) is what overflowed.
function requestLineTooLong(packet: unknown): boolean {
  if (!Buffer.isBuffer(packet)) return false;
  const end = packet.indexOf('\r\n');
  return end === -1 ? packet.length > MAX_URL_LENGTH : end > MAX_URL_LENGTH;
}
