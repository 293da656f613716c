import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { UpstreamError } from '../api/api-client';
import { SignInRequired } from '../auth/access';
import { BadQuery } from '../common/periods';
import { Pages } from './page';

/**
 * Errors as pages people can read: a bad query is 400, another tenant or an unknown metric 404,
 * a missing role 403, an unreachable metrics or alerting service 502. Production without a
 * session goes to sign in.
 */
@Catch()
export class PageFilter implements ExceptionFilter {
  private readonly log = new Logger('PageFilter');

  constructor(private readonly pages: Pages) {}

  async catch(err: unknown, host: ArgumentsHost): Promise<void> {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (reply.sent || reply.raw.headersSent) return;
    if (err instanceof SignInRequired) {
      await reply.redirect(`/auth/login?returnTo=${encodeURIComponent(err.returnTo)}`, 302);
      return;
    }
    let status = 500;
    let message = 'Sorry, there is a problem with the service.';
    if (err instanceof BadQuery) {
      status = 400;
      message = err.message;
    } else if (err instanceof HttpException) {
      status = err.getStatus();
      message = status === 404 ? 'Page not found' : err.message;
    } else if (err instanceof UpstreamError) {
      if (err.status === 404) {
        status = 404;
        message = 'Page not found';
      } else if (err.status >= 400 && err.status < 500) {
        status = 400;
        message = err.detail ?? err.message;
      } else {
        status = 502;
        message = 'The figures cannot be reached just now. Try again in a minute.';
        this.log.warn(`${err.message}: ${err.detail ?? ''}`);
      }
    } else {
      this.log.error((err as Error)?.stack ?? String(err));
    }
    const title =
      status === 404 ? 'Page not found' : status === 400 ? 'Check what you asked for' : status === 403 ? 'You cannot do this' : 'Sorry, there is a problem';
    await this.pages.send(reply, 'error.njk', { title, message, status }, status);
  }
}
