import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import type { Principal, Role } from './roles.js';
import { digest, dummyPasswordHash, hashPassword, randomSecret, sameSecret, verifyPassword } from './secrets.js';

export const SESSION_COOKIE = 'pk_session';
export const CSRF_COOKIE = 'pk_csrf';
export const CSRF_HEADER = 'x-csrf-token';
/** A session ends after this long without a request, and in any case after SESSION_MAX_MS. */
export const SESSION_IDLE_MS = 12 * 3600_000;
export const SESSION_MAX_MS = 7 * 24 * 3600_000;

export interface UserDto {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  disabled: boolean;
  created_at: string;
  last_login_at: string | null;
}

export interface TokenDto {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  created_by: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface NewSession {
  sessionId: string;
  csrfToken: string;
  user: UserDto;
}

/** Rows of an UPDATE/DELETE ... RETURNING: TypeORM answers those as [rows, rowCount]. */
async function changed<T>(result: Promise<unknown>): Promise<T[]> {
  return ((await result) as [T[], number])[0];
}

const TS = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS ${col.replace(/^.*\./, '')}`;
const USER_COLS = `id, email, name, role, disabled, ${TS('created_at')}, ${TS('last_login_at')}`;
const TOKEN_COLS = `id, name, prefix, role, created_by, ${TS('created_at')}, ${TS('last_used_at')}, ${TS('revoked_at')}`;

/** Users, sessions and API tokens; resolves the credentials of a request to a Principal. */
@Injectable()
export class AuthService {
  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async userCount(): Promise<number> {
    const [{ n }] = await this.db.query<{ n: string }[]>(`SELECT count(*) AS n FROM users`);
    return Number(n);
  }

  /** First-run setup: creates the first admin, and only while there is no user at all. */
  async setup(email: string, password: string, name: string | null): Promise<UserDto> {
    const passwordHash = await hashPassword(password);
    return this.db.transaction(async (m) => {
      // Two setups at once: the second waits here, then finds a user and is refused.
      await m.query(`LOCK TABLE users IN EXCLUSIVE MODE`);
      const [{ n }] = await m.query<{ n: string }[]>(`SELECT count(*) AS n FROM users`);
      if (Number(n) > 0) throw new ConflictException('setup is done already: sign in, or ask an admin for an account');
      const [user] = await m.query<UserDto[]>(
        `INSERT INTO users (email, name, password_hash, role) VALUES ($1, $2, $3, 'admin') RETURNING ${USER_COLS}`,
        [email, name, passwordHash],
      );
      return user;
    });
  }

  async createUser(email: string, password: string, role: Role, name: string | null): Promise<UserDto> {
    const passwordHash = await hashPassword(password);
    try {
      const [user] = await this.db.query<UserDto[]>(
        `INSERT INTO users (email, name, password_hash, role) VALUES ($1, $2, $3, $4) RETURNING ${USER_COLS}`,
        [email, name, passwordHash, role],
      );
      return user;
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw new ConflictException(`a user with the email ${email} exists already`);
      throw err;
    }
  }

  listUsers(): Promise<UserDto[]> {
    return this.db.query<UserDto[]>(`SELECT ${USER_COLS} FROM users ORDER BY lower(email)`);
  }

  async getUser(id: string): Promise<UserDto> {
    const [user] = await this.db.query<UserDto[]>(`SELECT ${USER_COLS} FROM users WHERE id = $1`, [id]);
    if (!user) throw new NotFoundException(`no user ${id}`);
    return user;
  }

  /** Changes role, disabled flag or password; a disabled user or a new password ends their sessions. */
  async updateUser(id: string, patch: { role?: Role; disabled?: boolean; password?: string; name?: string | null }): Promise<UserDto> {
    const passwordHash = patch.password === undefined ? null : await hashPassword(patch.password);
    return this.db.transaction(async (m) => {
      const [before] = await m.query<UserDto[]>(`SELECT ${USER_COLS} FROM users WHERE id = $1 FOR UPDATE`, [id]);
      if (!before) throw new NotFoundException(`no user ${id}`);
      const [after] = await changed<UserDto>(
        m.query(
        `UPDATE users SET role = COALESCE($2, role), disabled = COALESCE($3, disabled), password_hash = COALESCE($4, password_hash),
                name = CASE WHEN $5 THEN $6 ELSE name END
          WHERE id = $1 RETURNING ${USER_COLS}`,
        [id, patch.role ?? null, patch.disabled ?? null, passwordHash, patch.name !== undefined, patch.name ?? null],
      ));
      await this.keepAnAdmin(m);
      if (patch.disabled === true || passwordHash !== null) await m.query(`DELETE FROM sessions WHERE user_id = $1`, [id]);
      return after;
    });
  }

  async deleteUser(id: string): Promise<UserDto> {
    return this.db.transaction(async (m) => {
      const [user] = await changed<UserDto>(m.query(`DELETE FROM users WHERE id = $1 RETURNING ${USER_COLS}`, [id]));
      if (!user) throw new NotFoundException(`no user ${id}`);
      await this.keepAnAdmin(m);
      return user;
    });
  }

  /** Refuses a change that would leave no enabled admin user (the product would be unmanageable). */
  private async keepAnAdmin(m: { query: DataSource['query'] }): Promise<void> {
    await m.query(`LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE`);
    const [{ n }] = await m.query<{ n: string }[]>(`SELECT count(*) AS n FROM users WHERE role = 'admin' AND NOT disabled`);
    if (Number(n) === 0) throw new ConflictException('this would leave no enabled admin user');
  }

  /** Checks a password; answers the user, or null (unknown email, wrong password, disabled). */
  async checkPassword(email: string, password: string): Promise<UserDto | null> {
    const [row] = await this.db.query<(UserDto & { password_hash: string })[]>(
      `SELECT ${USER_COLS}, password_hash FROM users WHERE lower(email) = lower($1)`,
      [email],
    );
    if (!row) {
      await verifyPassword(await dummyPasswordHash(), password);
      return null;
    }
    const ok = await verifyPassword(row.password_hash, password);
    if (!ok || row.disabled) return null;
    const { password_hash: _hash, ...user } = row;
    return user;
  }

  async createSession(user: UserDto): Promise<NewSession> {
    const sessionId = randomSecret();
    const csrfToken = randomSecret();
    const now = Date.now();
    await this.db.query(
      `INSERT INTO sessions (id_digest, user_id, csrf_token, expires_at, absolute_expires_at) VALUES ($1, $2, $3, $4, $5)`,
      [digest(sessionId), user.id, csrfToken, new Date(now + SESSION_IDLE_MS), new Date(now + SESSION_MAX_MS)],
    );
    await this.db.query(`UPDATE users SET last_login_at = now() WHERE id = $1`, [user.id]);
    await this.db.query(`DELETE FROM sessions WHERE expires_at < now() OR absolute_expires_at < now()`);
    return { sessionId, csrfToken, user };
  }

  async endSession(sessionId: string): Promise<void> {
    await this.db.query(`DELETE FROM sessions WHERE id_digest = $1`, [digest(sessionId)]);
  }

  /** The principal of a session cookie, sliding its idle expiry; null when unknown or expired. */
  async sessionPrincipal(sessionId: string): Promise<Principal | null> {
    const id = digest(sessionId);
    const [row] = await this.db.query<{ id: string; email: string; role: Role; csrf_token: string; stale: boolean }[]>(
      `SELECT u.id, u.email, u.role, s.csrf_token, s.expires_at < now() + $2 * interval '1 millisecond' - interval '5 minutes' AS stale
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id_digest = $1 AND NOT u.disabled AND s.expires_at > now() AND s.absolute_expires_at > now()`,
      [id, SESSION_IDLE_MS],
    );
    if (!row) return null;
    // Slide the idle expiry, at most every five minutes rather than on every request.
    if (row.stale) {
      await this.db.query(
        `UPDATE sessions SET expires_at = LEAST(now() + $2 * interval '1 millisecond', absolute_expires_at) WHERE id_digest = $1`,
        [id, SESSION_IDLE_MS],
      );
    }
    return { kind: 'user', id: row.id, name: row.email, role: row.role, csrfToken: row.csrf_token };
  }

  /** The principal of a bearer token (KPI_ADMIN_TOKEN or an API token); null when unknown or revoked. */
  async tokenPrincipal(token: string): Promise<Principal | null> {
    const admin = this.config.adminToken;
    if (admin !== null && sameSecret(token, admin)) return { kind: 'bootstrap', id: 'bootstrap', name: 'KPI_ADMIN_TOKEN', role: 'admin' };
    const [row] = await this.db.query<{ id: string; name: string; role: Role; stale: boolean }[]>(
      `SELECT id, name, role, last_used_at IS NULL OR last_used_at < now() - interval '1 minute' AS stale
         FROM api_tokens WHERE token_digest = $1 AND revoked_at IS NULL`,
      [digest(token)],
    );
    if (!row) return null;
    if (row.stale) await this.db.query(`UPDATE api_tokens SET last_used_at = now() WHERE id = $1`, [row.id]);
    return { kind: 'token', id: row.id, name: `token:${row.name}`, role: row.role };
  }

  /** A new API token: the secret is answered once and only its digest is kept. */
  async createToken(name: string, role: Role, createdBy: string): Promise<TokenDto & { token: string }> {
    const token = randomSecret('pk_');
    const [row] = await this.db.query<TokenDto[]>(
      `INSERT INTO api_tokens (name, token_digest, prefix, role, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING ${TOKEN_COLS}`,
      [name, digest(token), token.slice(0, 10), role, createdBy],
    );
    return { ...row, token };
  }

  listTokens(): Promise<TokenDto[]> {
    return this.db.query<TokenDto[]>(`SELECT ${TOKEN_COLS} FROM api_tokens ORDER BY created_at DESC, name`);
  }

  async revokeToken(id: string): Promise<TokenDto> {
    const [row] = await changed<TokenDto>(this.db.query(
      `UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 RETURNING ${TOKEN_COLS}`,
      [id],
    ));
    if (!row) throw new NotFoundException(`no API token ${id}`);
    return row;
  }
}
