import {
  applyDecorators,
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  NotFoundException,
  SetMetadata,
  UnauthorizedException,
  UseGuards,
  createParamDecorator,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth } from '@nestjs/swagger';
import { hasRole, mayActFor, mayReadRegion, type Principal, type Role } from './principal';
import { TokenVerifier } from './token-verifier';

const ROLE_KEY = 'casewatch:role';

interface AuthedRequest {
  headers: Record<string, string | string[] | undefined>;
  params?: Record<string, string>;
  principal?: Principal;
}

/**
 * 401 without a valid token, 403 without the role, 404 for a tenant the caller may not see
 * (so that its existence is not revealed), 403 for a region it may not read.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const header = req.headers['authorization'];
    const value = Array.isArray(header) ? header[0] : header;
    const match = value ? /^Bearer\s+(\S+)$/i.exec(value) : null;
    if (!match) throw new UnauthorizedException('a bearer token is required');
    const principal = await this.verifier.verify(match[1]);
    if (!principal) throw new UnauthorizedException('the bearer token is not valid');
    req.principal = principal;

    const role = this.reflector.getAllAndOverride<Role | undefined>(ROLE_KEY, [context.getHandler(), context.getClass()]);
    if (role && !hasRole(principal, role)) throw new ForbiddenException(`the '${role}' role is required`);
    const tenant = req.params?.['tenant'];
    if (tenant !== undefined && !mayActFor(principal, tenant)) throw new NotFoundException(`tenant ${tenant} not found`);
    // A region holds no one tenant's data and answers alike whether or not it has tenants: 403, not 404.
    const region = req.params?.['region'];
    if (region !== undefined && !mayReadRegion(principal, region)) throw new ForbiddenException(`this token may not read region ${region}`);
    return true;
  }
}

/** Marks a route as needing a token with this role (and tenant access when it has `:tenant`, region access when `:region`). */
export function RequireRole(role: Role): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(ROLE_KEY, role), UseGuards(AuthGuard), ApiBearerAuth());
}

export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal => {
  const req = ctx.switchToHttp().getRequest<AuthedRequest>();
  if (!req.principal) throw new UnauthorizedException('not authenticated');
  return req.principal;
});
