import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PUBLIC_KEY, ROLE_KEY, type AuthedRequest } from './auth.decorators.js';
import { AuthService, CSRF_HEADER, SESSION_COOKIE } from './auth.service.js';
import { atLeast, type Principal, type Role } from './roles.js';
import { sameSecret } from './secrets.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The one gate of every route (registered as APP_GUARD): resolves the credentials (an
 * `Authorization: Bearer` token, else the session cookie), then requires them unless the route
 * is @Public(), the CSRF token for a state-changing request made with the cookie, and the
 * route's @RequireRole() (admin when it names none, so a new route ships closed).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const targets = [ctx.getHandler(), ctx.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_KEY, targets) === true;

    const principal = await this.resolve(req, !isPublic);
    if (principal) req.principal = principal;
    if (isPublic) return true;
    if (!principal) throw new UnauthorizedException('sign in, or send an API token as "Authorization: Bearer <token>"');

    if (principal.csrfToken !== undefined && !SAFE_METHODS.has(req.method)) {
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !sameSecret(sent, principal.csrfToken)) {
        throw new ForbiddenException(`missing or wrong CSRF token: send the ${CSRF_HEADER} header of your session`);
      }
    }
    const needed = this.reflector.getAllAndOverride<Role | undefined>(ROLE_KEY, targets) ?? 'admin';
    if (!atLeast(principal.role, needed)) {
      throw new ForbiddenException(`this needs the ${needed} role or higher; your role is ${principal.role}`);
    }
    return true;
  }

  /** The request's principal; bad credentials are refused (401) on protected routes and ignored on public ones. */
  private async resolve(req: AuthedRequest, strict: boolean): Promise<Principal | null> {
    const header = req.headers.authorization;
    if (header !== undefined) {
      const m = /^Bearer\s+(\S{1,512})\s*$/i.exec(header);
      const principal = m ? await this.auth.tokenPrincipal(m[1]) : null;
      if (!principal && strict) throw new UnauthorizedException('the bearer token is unknown or revoked');
      return principal;
    }
    const cookies = (req as { cookies?: Record<string, unknown> }).cookies;
    const session = cookies?.[SESSION_COOKIE];
    if (typeof session === 'string' && session.length > 0 && session.length <= 512) {
      const principal = await this.auth.sessionPrincipal(session);
      if (!principal && strict) throw new UnauthorizedException('your session has ended: sign in again');
      return principal;
    }
    return null;
  }
}
