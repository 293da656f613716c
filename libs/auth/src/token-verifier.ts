import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { ApiKeyRegistry } from './api-keys';
import { ROLES, toRoles, toTenants, type Principal } from './principal';

export interface AuthSettings {
  /** `dev-admin` is accepted only when this is true (NODE_ENV is not production). */
  devTokenEnabled: boolean;
  apiKeys: ApiKeyRegistry;
  oidc?: {
    issuer: string;
    audience: string;
    jwksUrl: string;
    tenantsClaim: string;
    rolesClaim: string;
  };
  /** For tests: a key source instead of fetching the issuer's JWKS. */
  jwks?: JWTVerifyGetKey;
}

export const DEV_TOKEN = 'dev-admin';

export class TokenVerifier {
  private readonly jwks: JWTVerifyGetKey | undefined;

  constructor(private readonly settings: AuthSettings) {
    this.jwks = settings.jwks ?? (settings.oidc ? createRemoteJWKSet(new URL(settings.oidc.jwksUrl)) : undefined);
  }

  /** The caller behind a bearer token, or undefined when the token is not valid. */
  async verify(token: string): Promise<Principal | undefined> {
    if (token === DEV_TOKEN) {
      return this.settings.devTokenEnabled ? { id: 'dev-admin', kind: 'dev', tenants: '*', roles: ROLES } : undefined;
    }
    if (ApiKeyRegistry.looksLikeKey(token)) return this.settings.apiKeys.verify(token);
    if (this.jwks && this.settings.oidc) return this.verifyJwt(token, this.jwks, this.settings.oidc);
    return undefined;
  }

  private async verifyJwt(token: string, jwks: JWTVerifyGetKey, oidc: NonNullable<AuthSettings['oidc']>): Promise<Principal | undefined> {
    try {
      const { payload } = await jwtVerify(token, jwks, { issuer: oidc.issuer, audience: oidc.audience });
      return {
        id: `jwt:${payload.sub ?? 'unknown'}`,
        kind: 'jwt',
        tenants: toTenants(payload[oidc.tenantsClaim]),
        roles: toRoles(payload[oidc.rolesClaim]),
      };
    } catch {
      return undefined;
    }
  }
}
