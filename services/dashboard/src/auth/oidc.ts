import { Inject, Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DashboardConfig } from '../config';
import { DASHBOARD_CONFIG } from '../platform/tokens';
import { SessionCookies } from './session';
import { accessFromGroups, parseGroupMap, type DashboardUser, type GroupMap } from './user';

type OpenIdClient = typeof import('openid-client');
type Configuration = import('openid-client').Configuration;

const FLOW_COOKIE = 'cw_oidc';

interface Flow {
  verifier: string;
  state: string;
  nonce: string;
  returnTo: string;
}

/**
 * Production sign-in with the council's identity provider (Entra ID or any OIDC issuer):
 * authorization code with PKCE, state and nonce kept in a short-lived signed cookie; the ID
 * token's groups are mapped to tenants and roles (OIDC_GROUP_MAP) and become the session.
 */
@Injectable()
export class OidcSignIn {
  private readonly log = new Logger('OidcSignIn');
  private readonly groupMap: GroupMap;
  private configuration: Promise<{ client: OpenIdClient; config: Configuration }> | undefined;

  constructor(
    @Inject(DASHBOARD_CONFIG) private readonly settings: DashboardConfig,
    private readonly sessions: SessionCookies,
  ) {
    this.groupMap = parseGroupMap(settings.OIDC_GROUP_MAP);
  }

  get enabled(): boolean {
    return this.settings.OIDC_ISSUER !== '';
  }

  async start(reply: FastifyReply, returnTo: string): Promise<void> {
    const { client, config } = await this.discover();
    const flow: Flow = {
      verifier: client.randomPKCECodeVerifier(),
      state: client.randomState(),
      nonce: client.randomNonce(),
      returnTo: safeReturnTo(returnTo),
    };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.OIDC_REDIRECT_URL,
      scope: this.settings.OIDC_SCOPES,
      code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: 'S256',
      state: flow.state,
      nonce: flow.nonce,
    });
    reply.setCookie(FLOW_COOKIE, Buffer.from(JSON.stringify(flow)).toString('base64url'), {
      ...this.sessions.cookieOptions,
      maxAge: 600,
    });
    await reply.redirect(url.href, 303);
  }

  /** The identity provider's redirect back: checks it, makes the session, goes where the user was going. */
  async callback(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const { client, config } = await this.discover();
    const raw = req.cookies[FLOW_COOKIE];
    const unsigned = raw ? req.unsignCookie(raw) : undefined;
    if (!unsigned?.valid || !unsigned.value) throw new Error('sign-in expired: start again');
    const flow = JSON.parse(Buffer.from(unsigned.value, 'base64url').toString('utf8')) as Flow;
    const current = new URL(req.url, this.settings.OIDC_REDIRECT_URL);
    const tokens = await client.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    const claims = (tokens.claims() ?? {}) as Record<string, unknown>;
    const groups = claims[this.settings.OIDC_GROUPS_CLAIM];
    const user: DashboardUser = {
      name: String(claims.name ?? claims.preferred_username ?? 'Signed-in user'),
      access: accessFromGroups(Array.isArray(groups) ? groups.map(String) : [], this.groupMap),
    };
    this.log.log(`signed in with access to ${Object.keys(user.access).length} tenant(s)`);
    reply.clearCookie(FLOW_COOKIE, { path: '/' });
    this.sessions.write(reply, user);
    await reply.redirect(flow.returnTo, 303);
  }

  private discover(): Promise<{ client: OpenIdClient; config: Configuration }> {
    this.configuration ??= (async () => {
      const client = await import('openid-client');
      const config = await client.discovery(
        new URL(this.settings.OIDC_ISSUER),
        this.settings.OIDC_CLIENT_ID,
        this.settings.OIDC_CLIENT_SECRET,
        undefined,
        this.settings.OIDC_ALLOW_HTTP ? { execute: [client.allowInsecureRequests] } : undefined,
      );
      return { client, config };
    })().catch((err: Error) => {
      this.configuration = undefined;
      throw err;
    });
    return this.configuration;
  }
}

/** Only a path of this site: never an absolute URL (no open redirect). */
export function safeReturnTo(path: string | undefined): string {
  return path && path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\') ? path : '/';
}
