import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { Principal, Role } from './roles.js';

export const PUBLIC_KEY = 'partner-kpi:public';
export const ROLE_KEY = 'partner-kpi:role';

/** A route anyone may call (health, sign-in, first-run setup). Every other route needs credentials. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/**
 * The weakest role a route (or every route of a controller) accepts. A route that names none
 * needs `admin`: a new route is closed until someone opens it on purpose.
 */
export const RequireRole = (role: Role) => SetMetadata(ROLE_KEY, role);

/** A request after the global guard (`id` is the request id of common/logging.ts). */
export interface AuthedRequest extends Request {
  principal?: Principal;
}

/** The principal the global guard resolved; undefined only on public routes called anonymously. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal | undefined => {
  return ctx.switchToHttp().getRequest<AuthedRequest>().principal;
});
