import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isOutage } from './outage';
import { PROBLEM_CONTENT_TYPE, problemTitle, type ProblemDocument } from './problem';

/** Every error leaves as application/problem+json; a 5xx is logged, a 4xx is the caller's. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest | undefined>();
    const problem = toProblem(exception);
    const id = request?.id ? ` (request ${request.id})` : '';
    if (problem.status === 503 && !(exception instanceof HttpException)) {
      // A dependency away (PostgreSQL restarting…): the caller retries; nothing of the request was done.
      this.logger.warn(`503 ${(exception as Error)?.message ?? exception}${id}`);
      void reply.header('Retry-After', '1');
    } else if (problem.status >= 500 && exception instanceof HttpException) {
      // A deliberate 5xx (e.g. 503 while Kafka is away): its cause was logged where it happened.
      this.logger.warn(`${problem.status} ${problem.detail ?? problem.title}${id}`);
    } else if (problem.status >= 500) {
      this.logger.error(`${problem.status} ${(exception as Error)?.message ?? exception}${id}`, (exception as Error)?.stack);
    }
    if (problem.status === 401) void reply.header('WWW-Authenticate', 'Bearer');
    void reply.status(problem.status).header('Content-Type', PROBLEM_CONTENT_TYPE).send(problem);
  }
}

export function toProblem(exception: unknown): ProblemDocument {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    if (typeof body === 'object' && body !== null && 'type' in body && 'title' in body) {
      return body as ProblemDocument;
    }
    const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
    const detail = Array.isArray(message) ? message.join('; ') : String(message ?? exception.message);
    return { type: 'about:blank', title: problemTitle(status), status, detail };
  }
  // Errors raised by Fastify itself (body too large, bad JSON, unsupported media type) carry a statusCode.
  const statusCode = (exception as { statusCode?: unknown })?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return { type: 'about:blank', title: problemTitle(statusCode), status: statusCode, detail: (exception as Error).message };
  }
  if (isOutage(exception)) {
    return {
      type: 'about:blank',
      title: problemTitle(503),
      status: 503,
      detail: 'a service this depends on is unavailable just now; nothing was done, try again',
    };
  }
  return { type: 'about:blank', title: problemTitle(500), status: 500, detail: 'internal error' };
}
