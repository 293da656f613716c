import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DashboardUser, PageRole } from './user';

export const SESSION_COOKIE = 'cw_session';
export const SESSION_HOURS = 10;

interface SessionBody {
  n: string;
  a: Record<string, PageRole[]>;
  exp: number;
}

/**
 * The session is the user and their access, in a signed HttpOnly cookie (no server store, so
 * any dashboard instance can serve any request). It expires after a working day.
 */
export class SessionCookies {
  constructor(private readonly secure: boolean) {}

  get cookieOptions() {
    return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: this.secure, signed: true };
  }

  read(req: FastifyRequest, now = Date.now()): DashboardUser | undefined {
    const raw = req.cookies[SESSION_COOKIE];
    if (!raw) return undefined;
    const unsigned = req.unsignCookie(raw);
    if (!unsigned.valid || !unsigned.value) return undefined;
    try {
      const body = JSON.parse(Buffer.from(unsigned.value, 'base64url').toString('utf8')) as SessionBody;
      if (typeof body.exp !== 'number' || body.exp < now) return undefined;
      return { name: body.n, access: body.a };
    } catch {
      return undefined;
    }
  }

  write(reply: FastifyReply, user: DashboardUser, now = Date.now()): void {
    const body: SessionBody = { n: user.name, a: user.access, exp: now + SESSION_HOURS * 3600_000 };
    reply.setCookie(SESSION_COOKIE, Buffer.from(JSON.stringify(body)).toString('base64url'), {
      ...this.cookieOptions,
      maxAge: SESSION_HOURS * 3600,
    });
  }

  clear(reply: FastifyReply): void {
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
  }
}
