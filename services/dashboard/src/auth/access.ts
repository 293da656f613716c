import { ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { DashboardConfig } from '../config';
import { DASHBOARD_CONFIG } from '../platform/tokens';
import { SessionCookies } from './session';
import { DEVELOPMENT_USER, may, type DashboardUser, type PageRole } from './user';

const TENANT = /^[a-z0-9-]{2,40}$/;

/** A page needs a signed-in user (production without a session): the filter sends them to sign in. */
export class SignInRequired extends Error {
  constructor(readonly returnTo: string) {
    super('sign-in required');
  }
}

/** Who may see which tenant's pages: every page asks here first. */
@Injectable()
export class Access {
  constructor(
    @Inject(DASHBOARD_CONFIG) private readonly config: DashboardConfig,
    private readonly sessions: SessionCookies,
  ) {}

  /** The signed-in user; in development, without a prompt, the development user. */
  user(req: FastifyRequest): DashboardUser {
    const session = this.sessions.read(req);
    if (session) return session;
    if (!this.config.production) return DEVELOPMENT_USER;
    throw new SignInRequired(req.url);
  }

  /** The user, if they may act for the tenant in that role: another tenant is a 404 (it may not exist). */
  forTenant(req: FastifyRequest, tenant: string, role: PageRole = 'read'): DashboardUser {
    const user = this.user(req);
    if (!TENANT.test(tenant) || !may(user, tenant, 'read')) throw new NotFoundException('No such page');
    if (!may(user, tenant, role)) throw new ForbiddenException(`You need the ${role} role for this`);
    return user;
  }
}
