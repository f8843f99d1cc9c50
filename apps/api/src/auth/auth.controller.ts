import { Body, Controller, Get, HttpCode, HttpException, HttpStatus, Inject, Post, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditService } from '../audit/audit.service.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { CurrentPrincipal, Public, RequireRole, type AuthedRequest } from './auth.decorators.js';
import { LoginDto, SetupDto } from './auth.dto.js';
import { AuthService, CSRF_COOKIE, SESSION_COOKIE, SESSION_MAX_MS, type NewSession, type UserDto } from './auth.service.js';
import { LoginLimiter } from './login-limiter.js';
import type { Principal, Role } from './roles.js';

export interface AuthStatus {
  /** True while no user exists: the SPA shows the first-run setup. */
  setup_required: boolean;
  principal: { kind: Principal['kind']; name: string; role: Role } | null;
  /** The session's CSRF token (also in the pk_csrf cookie); send it as X-CSRF-Token. */
  csrf_token: string | null;
}

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    private readonly limiter: LoginLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('status')
  @Public()
  @ApiOperation({ summary: 'Whether first-run setup is needed, and who the caller is' })
  async status(@CurrentPrincipal() p: Principal | undefined): Promise<AuthStatus> {
    return {
      setup_required: (await this.auth.userCount()) === 0,
      principal: p ? { kind: p.kind, name: p.name, role: p.role } : null,
      csrf_token: p?.csrfToken ?? null,
    };
  }

  @Post('setup')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'First-run setup: create the first admin and sign in (only while no user exists)' })
  async setup(@Body() body: SetupDto, @Req() req: AuthedRequest, @Res({ passthrough: true }) res: Response): Promise<AuthStatus> {
    const user = await this.auth.setup(body.email, body.password, body.name ?? null);
    const session = await this.auth.createSession(user);
    this.setCookies(req, res, session);
    await this.audit.record(req, 'auth.setup', user.email, { role: user.role }, user.email);
    return this.signedIn(session.user, session.csrfToken);
  }

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with email and password; sets the session cookie (rate-limited)' })
  async login(@Body() body: LoginDto, @Req() req: AuthedRequest, @Res({ passthrough: true }) res: Response): Promise<AuthStatus> {
    const ip = req.ip ?? 'unknown';
    const email = body.email.toLowerCase();
    const wait = this.limiter.retryAfterMs(ip, email);
    if (wait > 0) {
      res.setHeader('Retry-After', String(Math.ceil(wait / 1000)));
      throw new HttpException({ statusCode: 429, error: 'Too Many Requests', message: `too many failed sign-ins: try again in ${Math.ceil(wait / 60_000)} minute(s)` }, HttpStatus.TOO_MANY_REQUESTS);
    }
    const user = await this.auth.checkPassword(email, body.password);
    if (!user) {
      this.limiter.fail(ip, email);
      await this.audit.record(req, 'auth.login_failed', email, {}, email);
      throw new UnauthorizedException('wrong email or password');
    }
    this.limiter.succeed(ip, email);
    const session = await this.auth.createSession(user);
    this.setCookies(req, res, session);
    await this.audit.record(req, 'auth.login', user.email, {}, user.email);
    return this.signedIn(user, session.csrfToken);
  }

  @Post('logout')
  @RequireRole('viewer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign out: ends the session' })
  async logout(@Req() req: AuthedRequest, @Res({ passthrough: true }) res: Response): Promise<{ signed_out: true }> {
    const cookie = (req as { cookies?: Record<string, unknown> }).cookies?.[SESSION_COOKIE];
    if (typeof cookie === 'string') await this.auth.endSession(cookie);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.clearCookie(CSRF_COOKIE, { path: '/' });
    await this.audit.record(req, 'auth.logout');
    return { signed_out: true };
  }

  private signedIn(user: UserDto, csrfToken: string): AuthStatus {
    return { setup_required: false, principal: { kind: 'user', name: user.email, role: user.role }, csrf_token: csrfToken };
  }

  private setCookies(req: AuthedRequest, res: Response, session: NewSession): void {
    const secure = this.config.cookieSecure ?? req.secure;
    const common = { path: '/', sameSite: 'lax' as const, secure, maxAge: SESSION_MAX_MS };
    res.cookie(SESSION_COOKIE, session.sessionId, { ...common, httpOnly: true });
    // Readable by the SPA, which echoes it in X-CSRF-Token (double submit, checked against the session).
    res.cookie(CSRF_COOKIE, session.csrfToken, { ...common, httpOnly: false });
  }
}
