import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import nunjucks from 'nunjucks';
import type { DashboardUser } from '../auth/user';
import { addMonths, londonMonth } from '../common/periods';
import { createViews } from './views';

export interface PageContext {
  user?: DashboardUser;
  tenant?: string;
  /** The CSRF token for forms on the page. */
  csrfToken?: string;
  /** Which navigation item is current. */
  nav?: 'overview' | 'alerts' | 'pack' | 'queues' | 'metric';
  [key: string]: unknown;
}

/** Renders a page template to the reply as HTML. */
@Injectable()
export class Pages {
  private readonly env: nunjucks.Environment = createViews();

  html(name: string, ctx: PageContext): string {
    return this.env.render(name, { lastMonth: addMonths(londonMonth(new Date()), -1), ...ctx });
  }

  async send(reply: FastifyReply, name: string, ctx: PageContext, status = 200): Promise<void> {
    // Every page may hold a form (sign out, acknowledge): each carries the CSRF token.
    const html = this.html(name, { ...ctx, csrfToken: ctx.csrfToken ?? (ctx.user ? reply.generateCsrf() : undefined) });
    await reply.status(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
  }
}
