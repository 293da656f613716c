import { BadRequestException, Controller, Get, Inject, Logger, NotFoundException, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DashboardConfig } from '../config';
import { DASHBOARD_CONFIG } from '../platform/tokens';
import { Access } from './access';
import { OidcSignIn, safeReturnTo } from './oidc';
import { SessionCookies } from './session';
import { homeTenant, regionsOf } from './user';

/** `/` and signing in and out. */
@Controller()
export class AuthController {
  private readonly log = new Logger('AuthController');

  constructor(
    @Inject(DASHBOARD_CONFIG) private readonly config: DashboardConfig,
    private readonly access: Access,
    private readonly oidc: OidcSignIn,
    private readonly sessions: SessionCookies,
  ) {}

  /** The tenant the user may read (in development: the demo tenant), else the first region they may read. */
  @Get()
  async home(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const user = this.access.user(req);
    const tenant = homeTenant(user, this.config.DEFAULT_TENANT);
    const region = tenant ? undefined : regionsOf(user)[0];
    if (region) return void (await reply.redirect(`/regions/${region}`, 302));
    if (!tenant) throw new NotFoundException('Your account has no access to any council’s figures');
    await reply.redirect(`/tenants/${tenant}`, 302);
  }

  @Get('auth/login')
  async login(@Query('returnTo') returnTo: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    if (!this.oidc.enabled) return void (await reply.redirect(safeReturnTo(returnTo), 302));
    await this.oidc.start(reply, returnTo ?? '/');
  }

  @Get('auth/callback')
  async callback(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (!this.oidc.enabled) throw new NotFoundException();
    try {
      await this.oidc.callback(req, reply);
    } catch (err) {
      // A stale or tampered sign-in (state, nonce, PKCE, expired flow): start again, no session.
      this.log.warn(`sign-in refused: ${(err as Error).message}`);
      throw new BadRequestException('Signing in did not complete. Go to the overview to sign in again.');
    }
  }

  @Post('auth/logout')
  async logout(@Res() reply: FastifyReply): Promise<void> {
    this.sessions.clear(reply);
    await reply.redirect('/auth/signed-out', 303);
  }

  @Get('auth/signed-out')
  async signedOut(@Res() reply: FastifyReply): Promise<void> {
    await reply
      .type('text/html; charset=utf-8')
      .send(
        '<!DOCTYPE html><html lang="en"><title>Signed out – Casewatch</title><main><h1>You have signed out</h1><p><a href="/auth/login">Sign in again</a></p></main></html>',
      );
  }
}
